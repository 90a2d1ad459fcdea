/// A project's issue label (CODING's project label): a name and a `#RRGGBB` colour, put on any
/// number of the project's issues (at most `maxPerIssue` on one).
package struct IssueLabel: Sendable, Equatable {
    package var id: Int64 = 0
    package var projectKey: String
    package var name: String
    package var color: String
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0

    package init(projectKey: String, name: String, color: String) {
        self.projectKey = projectKey
        self.name = name
        self.color = color
    }

    package static let maxNameLength = 64
    package static let maxPerProject = 500
    package static let maxPerIssue = 100

    /// Whether `color` is a `#RRGGBB` colour.
    package static func isColor(_ color: String) -> Bool {
        let digits = color.utf8.dropFirst()
        return color.utf8.first == UInt8(ascii: "#") && digits.count == 6
            && digits.allSatisfy { b in
                (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
                    || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
            }
    }
}

/// A project's issue module: a name an issue may be filed under (one module per issue).
package struct IssueModule: Sendable, Equatable {
    package var id: Int64 = 0
    package var projectKey: String
    package var name: String
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0

    package init(projectKey: String, name: String) {
        self.projectKey = projectKey
        self.name = name
    }

    package static let maxNameLength = 64
    package static let maxPerProject = 500
}
