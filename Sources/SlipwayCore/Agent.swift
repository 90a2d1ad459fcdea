import Foundation

/// A remote agent: a machine that runs jobs asking for its labels (`slipway agent`). Its token is
/// issued by an administrator and stored only as a hash; what it last reported (labels, capacity,
/// executor, version) is kept with it.
package struct Agent: Sendable, Equatable {
    package var id: Int64
    package var name: String
    /// The labels jobs ask for (`vm_labels`); the agent's own `--labels` replace them when given.
    package var labels: [String]
    /// Commands the agent runs at once.
    package var capacity: Int
    /// `sandbox`, `container` or `host`, as the agent reported; empty before it first connected.
    package var executor: String
    /// The agent's version, as it reported; empty before it first connected.
    package var version: String
    /// A disabled agent is refused on every call and gets no work.
    package var enabled: Bool
    package var createdAt: EpochMillis
    /// When the agent last called the server; nil when it never connected.
    package var lastSeenAt: EpochMillis?
    /// The public half of the agent machine's own SSH key (an `authorized_keys` line), as it last
    /// reported; empty before it reported one. Its private half never leaves the machine.
    package var sshPublicKey: String

    package init(
        id: Int64, name: String, labels: [String], capacity: Int = 1, executor: String = "", version: String = "", enabled: Bool = true,
        createdAt: EpochMillis, lastSeenAt: EpochMillis? = nil, sshPublicKey: String = ""
    ) {
        self.id = id
        self.name = name
        self.labels = labels
        self.capacity = capacity
        self.executor = executor
        self.version = version
        self.enabled = enabled
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.sshPublicKey = sshPublicKey
    }
}

extension Agent {
    /// Names and labels are plain words: letters, digits, `.`, `_`, `-`, up to 64 characters.
    package static func isPlainWord(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }

    /// Why `name` and `labels` cannot make an agent; nil when they can.
    package static func problem(name: String, labels: [String], capacity: Int = 1) -> String? {
        if !isPlainWord(name) { return "agent name \(name.debugDescription) must be 1–64 letters, digits, '.', '_' or '-'" }
        if let bad = labels.first(where: { !isPlainWord($0) }) {
            return "agent label \(bad.debugDescription) must be 1–64 letters, digits, '.', '_' or '-'"
        }
        if capacity < 1 || capacity > 1024 { return "capacity must be between 1 and 1024" }
        return nil
    }
}

extension Agent {
    /// The label every connected agent carries for itself, so a job can ask for one machine (a
    /// CODING CD agent machine). Its `:` is never in a label an agent or administrator gives.
    package static func machineLabel(_ id: Int64) -> String { "agent-machine:\(id)" }

    /// The agent machine `label` asks for, if it is a machine label.
    package static func machine(of label: String) -> Int64? {
        label.hasPrefix("agent-machine:") ? Int64(label.dropFirst("agent-machine:".count)) : nil
    }
}

extension Agent {
    /// The key types an agent machine's SSH key may be of.
    static let sshKeyTypes: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    ]

    /// The `authorized_keys` line of a reported public key (`<type> <base64>`, commented with the
    /// agent's name), or nil when `text` is not one public key.
    package static func sshPublicKeyLine(_ text: String, name: String) -> String? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true)
        guard text.utf8.count <= 4_096, (2...3).contains(fields.count), sshKeyTypes.contains(String(fields[0])),
            text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }),
            let blob = Data(base64Encoded: String(fields[1])), blob.count >= 32
        else { return nil }
        // The blob starts with its own type name (RFC 4253 string): the two must agree.
        let type = Data(fields[0].utf8)
        guard blob.count > 4 + type.count, blob.prefix(4) == Data([0, 0, 0, UInt8(type.count)]), blob.dropFirst(4).prefix(type.count) == type
        else { return nil }
        return "\(fields[0]) \(fields[1]) slipway-agent-\(name)"
    }
}
