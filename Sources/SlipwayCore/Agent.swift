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

    package init(
        id: Int64, name: String, labels: [String], capacity: Int = 1, executor: String = "", version: String = "", enabled: Bool = true,
        createdAt: EpochMillis, lastSeenAt: EpochMillis? = nil
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
