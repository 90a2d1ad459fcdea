/// A wire string with known values as cases and any other value kept as given, so what an older
/// or newer version stored always decodes and encodes back to the same string.
package protocol OpenWireValue: Sendable, Hashable, Codable {
    init(rawValue: String)
    var rawValue: String { get }
}

extension OpenWireValue {
    package init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Zadig's `run_policy`: whether a job runs when a task is created.
/// Unknown values are kept as given (`other`), so stored definitions always decode.
package enum RunPolicy: OpenWireValue {
    /// `""`: runs.
    case runByDefault
    /// Runs only when the run request gives inputs for it.
    case defaultNotRun
    /// Must run: a task refuses to start when the job is skipped.
    case forceRun
    /// Never runs.
    case skip
    case other(String)

    package init(rawValue: String) {
        switch rawValue {
        case "": self = .runByDefault
        case "default_not_run": self = .defaultNotRun
        case "force_run": self = .forceRun
        case "skip": self = .skip
        default: self = .other(rawValue)
        }
    }

    package var rawValue: String {
        switch self {
        case .runByDefault: return ""
        case .defaultNotRun: return "default_not_run"
        case .forceRun: return "force_run"
        case .skip: return "skip"
        case .other(let value): return value
        }
    }
}

/// Zadig's `error_policy.policy`: what happens when a job fails or times out.
package enum ErrorPolicyKind: OpenWireValue {
    /// `stop`: the failure stands.
    case stop
    /// `ignore_error`: the job ends `unstable`.
    case ignoreError
    /// `retry`: run again, up to `maximum_retry` times.
    case retry
    /// `manual_check`: wait until a permitted user ignores or rejects the failure.
    case manualCheck
    case other(String)

    /// The policies the engine carries out.
    package static let supported: [ErrorPolicyKind] = [.stop, .ignoreError, .retry, .manualCheck]

    package init(rawValue: String) {
        switch rawValue {
        case "stop": self = .stop
        case "ignore_error": self = .ignoreError
        case "retry": self = .retry
        case "manual_check": self = .manualCheck
        default: self = .other(rawValue)
        }
    }

    package var rawValue: String {
        switch self {
        case .stop: return "stop"
        case .ignoreError: return "ignore_error"
        case .retry: return "retry"
        case .manualCheck: return "manual_check"
        case .other(let value): return value
        }
    }
}

/// A decision on a job waiting under `manual_check`: `ignore` (the job ends `unstable`) or
/// `reject` (the job keeps its failure).
package enum ErrorDecision: String, Sendable, Hashable, Codable, CaseIterable {
    case ignore
    case reject

    /// The job status the decision leads to.
    package var jobStatus: TaskStatus { self == .ignore ? .unstable : .failed }
}

/// A native approval's outcome. Unknown stored values are kept as given (`other`).
package enum ApprovalOutcome: OpenWireValue {
    /// `""`: not decided yet.
    case pending
    case approve
    case reject
    case other(String)

    package init(rawValue: String) {
        switch rawValue {
        case "": self = .pending
        case "approve": self = .approve
        case "reject": self = .reject
        default: self = .other(rawValue)
        }
    }

    package var rawValue: String {
        switch self {
        case .pending: return ""
        case .approve: return "approve"
        case .reject: return "reject"
        case .other(let value): return value
        }
    }

    package var isDecided: Bool { self != .pending }
}
