/// A group of hosts deployments reach over SSH (CODING CD's host server group): the addresses,
/// the SSH user and port, and how it logs in. The password of a `PASSWORD` group is a secret:
/// stored sealed, never returned.
package struct HostServerGroup: Sendable, Equatable {
    /// How the group's hosts are logged in to.
    package enum AuthMethod: String, Sendable, CaseIterable {
        /// With the deploying machine's key, which the hosts authorize.
        case publicKey = "PUBLIC_KEY"
        case password = "PASSWORD"
    }

    /// A label, as CODING's `{Key, Value}`.
    package struct Label: Sendable, Equatable, Codable {
        package var key: String
        package var value: String

        package init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    package var id: Int64
    /// The agent (bastion) machine deployments to the group run from.
    package var agentID: Int64
    package var displayName: String
    package var authMethod: AuthMethod
    package var userName: String
    package var port: Int
    package var ips: [String]
    package var labels: [Label]
    /// The SSH password of a `PASSWORD` group ("" otherwise).
    package var password: String
    package var createdBy: String
    package var updatedAt: EpochMillis

    package init(
        id: Int64 = 0, agentID: Int64, displayName: String, authMethod: AuthMethod, userName: String, port: Int, ips: [String],
        labels: [Label] = [], password: String = "", createdBy: String, updatedAt: EpochMillis = .now()
    ) {
        self.id = id
        self.agentID = agentID
        self.displayName = displayName
        self.authMethod = authMethod
        self.userName = userName
        self.port = port
        self.ips = ips
        self.labels = labels
        self.password = password
        self.createdBy = createdBy
        self.updatedAt = updatedAt
    }

    /// The credential name deployments use, as CODING names it: `cred-<agent>-<id>`.
    package var account: String { "cred-\(agentID)-\(id)" }

    /// Hosts one group may hold, and labels.
    package static let maxHosts = 500
    package static let maxLabels = 50

    /// What is wrong with the group as given, if anything.
    package var problem: String? {
        if displayName.isEmpty || displayName.count > 64 { return "DisplayName must be 1 to 64 characters" }
        if !(1...65535).contains(port) { return "Port must be between 1 and 65535" }
        if let problem = Self.userNameProblem(userName) { return problem }
        if ips.isEmpty { return "Ips must name at least one host" }
        if ips.count > Self.maxHosts { return "Ips holds at most \(Self.maxHosts) hosts" }
        if let bad = ips.first(where: { !HostAddress.isValid($0) }) { return "Ips: \(bad) is not an IP address or host name" }
        if Set(ips).count != ips.count { return "Ips lists a host twice" }
        if labels.count > Self.maxLabels { return "Labels holds at most \(Self.maxLabels) labels" }
        if labels.contains(where: { $0.key.isEmpty || $0.key.count > 63 || $0.value.count > 255 }) {
            return "a label needs a Key of 1 to 63 characters and a Value of at most 255"
        }
        if authMethod == .password, password.isEmpty { return "Password is required when AuthMethod is PASSWORD" }
        if password.utf8.count > 1024 { return "Password is at most 1024 bytes" }
        return nil
    }

    /// A POSIX login name: never an option (`-o…`) nor anything a shell or ssh would read more into.
    static func userNameProblem(_ name: String) -> String? {
        let allowed = name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2E || c == 0x2D
        }
        guard let first = name.utf8.first, name.utf8.count <= 32, allowed, first != 0x2D, first != 0x2E else {
            return "UserName must be a login name: letters, digits, '_', '.', '-', not starting with '-' or '.', at most 32"
        }
        return nil
    }
}

/// Host addresses a deployment may be pointed at: IPv4, IPv6, or a DNS host name.
package enum HostAddress {
    package static func isValid(_ text: String) -> Bool {
        isIPv4(text) || isIPv6(text) || isHostName(text)
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && Int(part)! <= 255 && (part.count == 1 || part.first != "0")
            }
    }

    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.count <= 45 else { return false }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        let compressed = text.components(separatedBy: "::").count - 1
        guard compressed <= 1, groups.count <= 8, compressed == 1 || groups.count == 8 else { return false }
        return groups.allSatisfy { $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens.
    static func isHostName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
