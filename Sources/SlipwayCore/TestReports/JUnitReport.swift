/// A JUnit XML test report (the format surefire, pytest, go-junit-report, jest-junit and
/// `swift test --xunit-output` write): suites of test cases, each passed, failed, in error or
/// skipped.
///
/// `parse` reads one file; `<testsuites>` and a bare `<testsuite>` root are both accepted, and
/// nested suites are flattened (each suite keeps only its own cases). Parsing is bounded by
/// `Limits`: size, nesting depth, element and attribute counts; a DTD or an entity definition
/// is refused, never expanded.
package struct JUnitReport: Sendable, Equatable {
    package var suites: [JUnitSuite]

    package init(suites: [JUnitSuite]) {
        self.suites = suites
    }

    /// What `parse` accepts at most.
    package struct Limits: Sendable, Equatable {
        package var maxBytes: Int
        package var maxDepth: Int
        package var maxElements: Int
        package var maxAttributes: Int
        /// Longer failure texts and messages are cut to this many bytes (the count stays right).
        package var maxTextBytes: Int

        package init(maxBytes: Int = 16 << 20, maxDepth: Int = 32, maxElements: Int = 200_000, maxAttributes: Int = 64, maxTextBytes: Int = 16 << 10) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxElements = maxElements
            self.maxAttributes = maxAttributes
            self.maxTextBytes = maxTextBytes
        }

        package static let standard = Limits()
    }

    /// Every case of every suite, in document order.
    package var cases: [JUnitCase] { suites.flatMap(\.cases) }

    /// The counts over every case.
    package var totals: JUnitTotals { JUnitTotals(cases) }

    /// Several reports (one per file) as one.
    package static func merging(_ reports: [JUnitReport]) -> JUnitReport {
        JUnitReport(suites: reports.flatMap(\.suites))
    }

    /// Parse one JUnit XML document.
    package static func parse(_ data: some Collection<UInt8>, limits: Limits = .standard) throws(JUnitReportError) -> JUnitReport {
        var tokenizer = try BoundedXMLTokenizer(data, limits: limits)
        var builder = JUnitReportBuilder(maxTextBytes: limits.maxTextBytes)
        var sawRoot = false
        while let event = try tokenizer.next() {
            if case .start(let name, _, _) = event, !sawRoot {
                sawRoot = true
                guard ["testsuites", "testsuite"].contains(JUnitReportBuilder.localName(name)) else {
                    throw JUnitReportError("the root element is <\(name)>, not <testsuites> or <testsuite>")
                }
            }
            builder.take(event)
        }
        guard sawRoot else { throw JUnitReportError("the report has no root element") }
        return JUnitReport(suites: builder.suites)
    }
}

/// One `<testsuite>`: its name and its own cases.
package struct JUnitSuite: Sendable, Equatable {
    package var name: String
    /// Seconds, as the suite's `time` attribute says (0 when absent).
    package var time: Double
    package var cases: [JUnitCase]

    package init(name: String, time: Double = 0, cases: [JUnitCase] = []) {
        self.name = name
        self.time = time
        self.cases = cases
    }
}

/// One `<testcase>`.
package struct JUnitCase: Sendable, Equatable {
    package var name: String
    package var classname: String
    /// Seconds (0 when absent or unreadable).
    package var time: Double
    package var outcome: JUnitOutcome
    /// The `message` and `type` attributes and the text of the `<failure>`, `<error>` or
    /// `<skipped>` element; empty for a passed case.
    package var message: String
    package var type: String
    package var text: String

    package init(
        name: String, classname: String = "", time: Double = 0, outcome: JUnitOutcome = .passed, message: String = "", type: String = "",
        text: String = ""
    ) {
        self.name = name
        self.classname = classname
        self.time = time
        self.outcome = outcome
        self.message = message
        self.type = type
        self.text = text
    }
}

/// How a case ended. A case with both `<failure>` and `<error>` counts as failed.
package enum JUnitOutcome: String, Sendable, Equatable, CaseIterable, Codable {
    case passed
    case failed
    case error
    case skipped
}

/// Case counts of a report (what a build's `TestResult` and Zadig's `test_report` show).
package struct JUnitTotals: Sendable, Equatable {
    package var total: Int
    package var passed: Int
    package var failed: Int
    package var errors: Int
    package var skipped: Int
    /// The sum of the cases' times, in seconds.
    package var time: Double

    package init(total: Int = 0, passed: Int = 0, failed: Int = 0, errors: Int = 0, skipped: Int = 0, time: Double = 0) {
        self.total = total
        self.passed = passed
        self.failed = failed
        self.errors = errors
        self.skipped = skipped
        self.time = time
    }

    package init(_ cases: [JUnitCase]) {
        self.init()
        for c in cases {
            total += 1
            time += c.time
            switch c.outcome {
            case .passed: passed += 1
            case .failed: failed += 1
            case .error: errors += 1
            case .skipped: skipped += 1
            }
        }
    }
}

/// Why a report could not be read; the message says where and what.
package struct JUnitReportError: Error, Sendable, Equatable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
