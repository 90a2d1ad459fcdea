/// Builds suites and cases from the tokenizer's events. Elements other than `testsuite`,
/// `testcase`, `failure`, `error` and `skipped` (properties, system-out, rerun elements) are
/// passed over; their text is not kept.
struct JUnitReportBuilder {
    let maxTextBytes: Int
    private(set) var suites: [JUnitSuite] = []
    /// Indexes into `suites` of the open `<testsuite>` elements (nested suites are flattened).
    private var suiteStack: [Int] = []
    private var looseSuite: Int?
    private var currentCase: JUnitCase?
    /// Inside a `<failure>`, `<error>` or `<skipped>` of the current case: its text is kept.
    private var inResult = false
    /// Depth of elements below the current case that are not kept.
    private var ignoredDepth = 0

    init(maxTextBytes: Int) {
        self.maxTextBytes = maxTextBytes
    }

    /// `name` without its namespace prefix.
    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// Seconds from a `time` attribute (`1.5`, `1,234.5`); 0 when absent or not a number.
    static func seconds(_ text: String?) -> Double {
        guard let text, let value = Double(text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)),
            value.isFinite, value >= 0
        else { return 0 }
        return value
    }

    private func cut(_ text: String) -> String {
        guard text.utf8.count > maxTextBytes else { return text }
        return String(decoding: text.utf8.prefix(maxTextBytes), as: UTF8.self) + "…"
    }

    mutating func take(_ event: BoundedXMLTokenizer.Event) {
        switch event {
        case .start(let rawName, let attributes, let selfClosing):
            let name = Self.localName(rawName)
            if currentCase != nil {
                if ignoredDepth > 0 || inResult {
                    if !selfClosing { ignoredDepth += 1 }
                    return
                }
                let outcome: JUnitOutcome?
                switch name {
                case "failure": outcome = .failed
                case "error": outcome = .error
                case "skipped": outcome = .skipped
                default: outcome = nil
                }
                guard let outcome else {
                    if !selfClosing { ignoredDepth += 1 }
                    return
                }
                // A failure outranks an error, both outrank a skip.
                let rank: [JUnitOutcome: Int] = [.passed: 0, .skipped: 1, .error: 2, .failed: 3]
                if rank[outcome, default: 0] > rank[currentCase!.outcome, default: 0] {
                    currentCase!.outcome = outcome
                    currentCase!.message = cut(attributes["message"] ?? "")
                    currentCase!.type = cut(attributes["type"] ?? "")
                    currentCase!.text = ""
                    inResult = !selfClosing
                } else if !selfClosing {
                    ignoredDepth += 1
                }
                return
            }
            switch name {
            case "testsuite":
                suites.append(JUnitSuite(name: attributes["name"] ?? "", time: Self.seconds(attributes["time"])))
                if !selfClosing { suiteStack.append(suites.count - 1) }
            case "testcase":
                let c = JUnitCase(name: attributes["name"] ?? "", classname: attributes["classname"] ?? "", time: Self.seconds(attributes["time"]))
                if selfClosing { append(c) } else { currentCase = c }
            default:
                break
            }
        case .end(let rawName):
            let name = Self.localName(rawName)
            if currentCase != nil {
                if ignoredDepth > 0 {
                    ignoredDepth -= 1
                } else if inResult {
                    inResult = false
                } else if name == "testcase" {
                    append(currentCase!)
                    currentCase = nil
                }
                return
            }
            if name == "testsuite", !suiteStack.isEmpty { suiteStack.removeLast() }
        case .text(let text):
            guard inResult, ignoredDepth == 0, currentCase != nil else { return }
            if currentCase!.text.utf8.count < maxTextBytes { currentCase!.text = cut(currentCase!.text + text) }
        }
    }

    /// Into the innermost open suite; a case outside any suite (directly under `<testsuites>`)
    /// goes to one name-less suite.
    private mutating func append(_ c: JUnitCase) {
        if let top = suiteStack.last {
            suites[top].cases.append(c)
            return
        }
        if looseSuite == nil {
            suites.append(JUnitSuite(name: ""))
            looseSuite = suites.count - 1
        }
        suites[looseSuite!].cases.append(c)
    }
}
