/// A CODING CD (Spinnaker) application: what pipelines deploy, bound to the projects whose
/// members may see it. Created, changed and removed by CD tasks (`CdTaskDocument`).
package struct CdApplication: Sendable, Equatable {
    package var name: String
    /// `kubernetes,hostserver` and the like: the providers its pipelines deploy with.
    package var cloudProviders: String
    package var description: String
    package var email: String
    package var instancePort: Int
    /// Who created it (account) and who changed it last (display name).
    package var user: String
    package var lastModifyNickName: String
    package var createdAt: EpochMillis
    package var updatedAt: EpochMillis

    package init(
        name: String, cloudProviders: String = "", description: String = "", email: String = "", instancePort: Int = 80,
        user: String, lastModifyNickName: String, createdAt: EpochMillis = .now(), updatedAt: EpochMillis = .now()
    ) {
        self.name = name
        self.cloudProviders = cloudProviders
        self.description = description
        self.email = email
        self.instancePort = instancePort
        self.user = user
        self.lastModifyNickName = lastModifyNickName
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The application as `ApplicationJsonContent` holds it.
    package var document: JSONValue {
        .object([
            "cloudProviders": .string(cloudProviders), "description": .string(description), "email": .string(email),
            "instancePort": .number(Double(instancePort)), "lastModifyNickName": .string(lastModifyNickName), "name": .string(name),
            "trafficGuards": .array([]), "user": .string(user),
        ])
    }

    /// Spinnaker's rule: letters, digits and dashes, a letter or digit first, at most 63.
    package static func nameProblem(_ name: String) -> String? {
        let valid =
            !name.isEmpty && name.utf8.count <= 63 && name.first != "-"
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return valid ? nil : "application name \(name.debugDescription) must be letters, digits and '-', at most 63, not starting with '-'"
    }

    /// The cloud providers CD deploys with.
    package static let providers: Set<String> = ["kubernetes", "hostserver", "tencent"]
}
