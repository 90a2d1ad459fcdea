import Foundation

extension ImageRegistry {
    /// The registry a build job pushes to, among `registries`: the one whose id is `id` when the
    /// job names one (`docker_registry_id`), else the one `name` names (a run's `registry`
    /// input, `address/namespace`), else the default one.
    package static func chosen(from registries: [ImageRegistry], id: String, name: String) throws(SlipwayError) -> ImageRegistry {
        if !id.isEmpty {
            guard let found = registries.first(where: { String($0.id) == id }) else { throw .notFound("image registry \(id) not found") }
            return found
        }
        if !name.isEmpty {
            guard let found = registries.first(where: { $0.matches(name) }) else { throw .notFound("image registry \(name) not found") }
            return found
        }
        guard let found = registries.first(where: \.isDefault) else {
            throw .notFound("no image registry: the job names none and no registry is the default")
        }
        return found
    }

    /// The tag a build's image gets, as Zadig's default rule: `<UTC time yyyyMMddHHmmss>-<task id>`.
    package static func defaultTag(at date: Date = Date(), taskID: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return "\(formatter.string(from: date))-\(taskID)"
    }

    /// An image name from a service module: lowercase, other characters than letters, digits and
    /// `._-` made `-`; nil when nothing usable is left.
    package static func imageName(from text: String) -> String? {
        let mapped = String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
        let trimmed = mapped.trimmingCharacters(in: CharacterSet(charactersIn: "._-"))
        return trimmed.isEmpty || trimmed.utf8.count > 128 ? nil : trimmed
    }
}
