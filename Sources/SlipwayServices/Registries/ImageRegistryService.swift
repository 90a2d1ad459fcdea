import SlipwayCore
import SlipwayStore

/// Zadig's image registries (`/openapi/system/registry`): system administrators register and
/// change them, any signed-in user lists them (without their secrets). A build job's
/// `docker_build` step pushes to one of them.
package struct ImageRegistryService: Sendable {
    let store: Store

    package init(_ context: ServiceContext) {
        self.store = context.store
    }

    /// Register `registry` (administrators); returns its id. Making it the default takes that
    /// from the previous default.
    package func create(_ registry: ImageRegistry, by user: User) async throws -> Int64 {
        try requireAdmin(user)
        var registry = registry
        try registry.validate()
        registry.updatedBy = user.account
        registry.updatedAt = .now()
        return try await store.imageRegistries.create(registry)
    }

    /// Replace registry `id` (administrators). A blank `secret_key` keeps the stored one.
    package func update(id: Int64, _ registry: ImageRegistry, by user: User) async throws {
        try requireAdmin(user)
        let stored = try await self.registry(id: id)
        var registry = registry
        registry.id = id
        if registry.secretKey.isEmpty { registry.secretKey = stored.secretKey }
        try registry.validate()
        registry.updatedBy = user.account
        registry.updatedAt = .now()
        try await store.imageRegistries.update(registry)
    }

    package func registry(id: Int64) async throws -> ImageRegistry {
        guard let found = try await store.imageRegistries.get(id: id) else { throw SlipwayError.notFound("image registry \(id) not found") }
        return found
    }

    package func registries() async throws -> [ImageRegistry] {
        try await store.imageRegistries.list()
    }

    func requireAdmin(_ user: User) throws(SlipwayError) {
        guard user.isAdmin else { throw .forbidden("system administrator required") }
    }
}
