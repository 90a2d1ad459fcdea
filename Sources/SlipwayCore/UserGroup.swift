/// A named set of users that roles can be bound to.
package struct UserGroup: Sendable, Equatable {
    /// The built-in group every user belongs to implicitly (Zadig's "所有用户").
    package static let allUsersName = "所有用户"
    package static let allUsersID = "all-users"

    package var gid: String
    package var name: String
    package var description: String
    /// `custom` or `system`.
    package var type: String
    package var memberUIDs: [String]

    package init(gid: String, name: String, description: String = "", type: String = "custom", memberUIDs: [String] = []) {
        self.gid = gid
        self.name = name
        self.description = description
        self.type = type
        self.memberUIDs = memberUIDs
    }
}
