/// A named set of users that roles can be bound to.
public struct UserGroup: Sendable, Equatable {
    /// The built-in group every user belongs to implicitly (Zadig's "所有用户").
    public static let allUsersName = "所有用户"
    public static let allUsersID = "all-users"

    public var gid: String
    public var name: String
    public var description: String
    /// `custom` or `system`.
    public var type: String
    public var memberUIDs: [String]

    public init(gid: String, name: String, description: String = "", type: String = "custom", memberUIDs: [String] = []) {
        self.gid = gid
        self.name = name
        self.description = description
        self.type = type
        self.memberUIDs = memberUIDs
    }
}
