import SlipwayCore

/// The body of `POST` and `PUT /openapi/system/registry[/:id]`, as Zadig documents it.
struct ImageRegistryRequest: Decodable {
    let address: String
    let provider: String
    let region: String?
    let namespace: String
    let is_default: Bool
    let access_key: String?
    let secret_key: String?
    let enable_tls: Bool?
    let tls_cert: String?

    /// The registry it describes; an unknown provider is bad input.
    func registry() throws -> ImageRegistry {
        guard let provider = ImageRegistry.Provider(rawValue: provider) else {
            let names = ImageRegistry.Provider.allCases.map(\.rawValue).joined(separator: ", ")
            throw ZadigError.badRequest("provider must be one of \(names)")
        }
        return ImageRegistry(
            address: address, provider: provider, region: region ?? "", namespace: namespace, isDefault: is_default,
            accessKey: access_key ?? "", secretKey: secret_key ?? "", enableTLS: enable_tls ?? false, tlsCert: tls_cert ?? "")
    }
}

/// A registry as Zadig's list and detail answer it: no access or secret key.
struct ImageRegistryDTO: Encodable {
    let registry_id: String
    let address: String
    let provider: String
    let region: String
    let namespace: String
    let is_default: Bool

    init(_ registry: ImageRegistry) {
        registry_id = String(registry.id)
        address = registry.address
        provider = registry.provider.rawValue
        region = registry.region
        namespace = registry.namespace
        is_default = registry.isDefault
    }
}
