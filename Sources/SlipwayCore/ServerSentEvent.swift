/// One server-sent event (`text/event-stream`): what the task event stream writes and what the
/// command line and tests read back.
package struct ServerSentEvent: Sendable, Equatable {
    package var id: String?
    package var event: String
    package var data: String

    package init(id: String? = nil, event: String = "message", data: String) {
        self.id = id
        self.event = event
        self.data = data
    }

    /// The event's wire form; `data` must be a single line (JSON is).
    package var encoded: String {
        (id.map { "id:\($0)\n" } ?? "") + "event:\(event)\ndata:\(data)\n\n"
    }

    /// A comment line: ignored by clients, keeps proxies from closing an idle stream.
    package static func comment(_ text: String) -> String { ": \(text)\n\n" }
}

/// Reads server-sent events from chunks of a stream, whatever their boundaries.
package struct ServerSentEventParser: Sendable {
    private var pending: [UInt8] = []
    private var id: String?
    private var event: String?
    private var data: [String] = []

    package init() {}

    /// The events completed by `chunk`, in order.
    package mutating func feed(_ chunk: some Sequence<UInt8>) -> [ServerSentEvent] {
        pending.append(contentsOf: chunk)
        var events: [ServerSentEvent] = []
        var start = 0
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var line = String(decoding: pending[start..<newline], as: UTF8.self)
            start = newline + 1
            if line.hasSuffix("\r") { line.removeLast() }
            if let event = take(line) { events.append(event) }
        }
        pending.removeFirst(start)
        return events
    }

    private mutating func take(_ line: String) -> ServerSentEvent? {
        if line.isEmpty {
            defer { (id, event, data) = (nil, nil, []) }
            guard !data.isEmpty || event != nil else { return nil }
            return ServerSentEvent(id: id, event: event ?? "message", data: data.joined(separator: "\n"))
        }
        if line.hasPrefix(":") { return nil }
        let field = line.prefix { $0 != ":" }
        var value = line.dropFirst(field.count).dropFirst()
        if value.hasPrefix(" ") { value = value.dropFirst() }
        switch field {
        case "id": id = String(value)
        case "event": event = String(value)
        case "data": data.append(String(value))
        default: break
        }
        return nil
    }
}
