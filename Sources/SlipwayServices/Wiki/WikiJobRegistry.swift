/// The wiki ZIP jobs running in this process. A job the database calls unfinished that is not
/// here was interrupted (the server stopped while it ran) and is reported failed.
actor WikiJobRegistry {
    static let shared = WikiJobRegistry()
    private var running: Set<String> = []

    func insert(_ id: String) { running.insert(id) }
    func remove(_ id: String) { running.remove(id) }
    func contains(_ id: String) -> Bool { running.contains(id) }
}
