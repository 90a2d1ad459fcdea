import Foundation
import SQLKit
import SlipwayCore

/// Zadig delivery versions, one JSON document per version, owned by their project (a deleted
/// project takes its versions along; a renamed one keeps them). Names are unique per project.
package struct DeliveryVersionRepository: Sendable {
    let sql: any SQLStore

    package func create(_ version: DeliveryVersion) async throws {
        try await mapConflict("failed to insert delivery version \(version.version), version already exist") {
            try await sql.write { db in
                let position = try await RowSequence.next("delivery_versions", db)
                try await db.insert(into: "delivery_versions")
                    .columns("id", "project_key", "version_name", "position", "status", "created_at", "document")
                    .values(
                        SQLBind(version.id), SQLBind(version.projectKey), SQLBind(version.version), SQLBind(position), SQLBind(version.status),
                        SQLBind(version.createdAt), SQLBind(try DocumentText.encode(version))
                    ).run()
            }
        }
    }

    /// By id, or by project and name.
    package func get(id: String) async throws -> DeliveryVersion? {
        try await first { $0.where("id", .equal, id) }
    }

    package func get(projectKey: String, name: String) async throws -> DeliveryVersion? {
        try await first { $0.where("project_key", .equal, projectKey).where("version_name", .equal, name) }
    }

    /// Newest first.
    package func list(projectKey: String, page: Int, pageSize: Int) async throws -> Page<DeliveryVersion> {
        try await sql.read { db in
            let (rows, total) = try await db.page(
                "delivery_versions", as: Row.self, page: page, pageSize: pageSize, orderBy: "position", descending: true
            ) { $0.where("project_key", .equal, projectKey) }
            return Page(items: try rows.map { try $0.version() }, total: total)
        }
    }

    /// Newest first, of one project or of all (`projectKey` nil), holding a service named
    /// `serviceName` when given: the page `page` of `pageSize` among those that match. At most the
    /// newest `scanLimit` versions are looked at when filtering by service.
    package func list(projectKey: String?, serviceName: String?, page: Int, pageSize: Int, scanLimit: Int = 5000) async throws -> [DeliveryVersion] {
        let window = PageWindow(page: page, pageSize: pageSize)
        guard let skip = window.skip, window.size > 0 else { return [] }
        let rows = try await sql.read { db in
            var query = db.select().columns("project_key", "document").from("delivery_versions")
            if let projectKey { query = query.where("project_key", .equal, projectKey) }
            query = query.orderBy("position", .descending)
            query = serviceName == nil ? query.limit(window.size).offset(skip) : query.limit(scanLimit)
            return try await query.all(decoding: Row.self)
        }
        let versions = try rows.map { try $0.version() }
        guard let serviceName else { return versions }
        return Array(versions.filter { $0.services.contains { $0.serviceName == serviceName } }.dropFirst(skip).prefix(window.size))
    }

    /// Store a version's new status and services.
    package func update(_ version: DeliveryVersion) async throws {
        try await sql.write { db in
            try await db.update("delivery_versions").set("status", to: version.status)
                .set("document", to: try DocumentText.encode(version)).where("id", .equal, version.id).run()
        }
    }

    package func delete(id: String) async throws {
        try await sql.write { db in
            guard try await db.count("delivery_versions", { $0.where("id", .equal, id) }) > 0 else {
                throw SlipwayError.notFound("delivery version \(id) not found")
            }
            try await db.delete(from: "delivery_versions").where("id", .equal, id).run()
        }
    }

    private func first(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> DeliveryVersion? {
        try await sql.read { db in
            try await filter(db.select().columns("project_key", "document").from("delivery_versions")).first(decoding: Row.self)?.version()
        }
    }

    private struct Row: Decodable {
        let project_key: String
        let document: String

        /// The document, under the project key the row has now (a project can be renamed).
        func version() throws -> DeliveryVersion {
            var version: DeliveryVersion = try DocumentText.decode(document)
            version.projectKey = project_key
            return version
        }
    }
}
