/// A stage: jobs run all at once (`parallel`) or one by one.
public struct StageDefinition: Sendable, Equatable, Codable {
    public var name: String
    public var parallel: Bool
    /// Stage-level native approval required before its jobs start.
    public var approval: ApprovalSpec?
    public var jobs: [JobDefinition]

    public init(name: String, parallel: Bool, approval: ApprovalSpec? = nil, jobs: [JobDefinition]) {
        self.name = name
        self.parallel = parallel
        self.approval = approval
        self.jobs = jobs
    }
}

/// One job of a stage. `spec` stays in the shape its type defines (the detail responses give it
/// back as written); `compiled(at:)` decodes it into the plan the engine runs.
public struct JobDefinition: Sendable, Equatable, Codable {
    public var name: String
    public var type: JobType
    public var skipped: Bool
    public var runPolicy: RunPolicy
    public var errorPolicy: ErrorPolicy
    public var executePolicy: ExecutePolicy?
    public var spec: JSONValue

    public init(name: String, type: JobType, skipped: Bool = false, runPolicy: RunPolicy = .runByDefault,
                errorPolicy: ErrorPolicy = ErrorPolicy(), executePolicy: ExecutePolicy? = nil, spec: JSONValue) {
        self.name = name
        self.type = type
        self.skipped = skipped
        self.runPolicy = runPolicy
        self.errorPolicy = errorPolicy
        self.executePolicy = executePolicy
        self.spec = spec
    }

    /// A job with its `run_policy` as written.
    public init(name: String, type: JobType, skipped: Bool = false, runPolicy: String,
                errorPolicy: ErrorPolicy = ErrorPolicy(), executePolicy: ExecutePolicy? = nil, spec: JSONValue) {
        self.init(name: name, type: type, skipped: skipped, runPolicy: RunPolicy(rawValue: runPolicy), errorPolicy: errorPolicy,
                  executePolicy: executePolicy, spec: spec)
    }

    /// Job names: lowercase letter (or CJK) first, then lowercase letters, digits, CJK or '-', at most 32.
    public static func validateName(_ name: String) throws(SlipwayError) {
        func isCJK(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { (0x4E00...0x9FA5).contains($0.value) } }
        guard let first = name.first, name.count <= 32,
            first.isLowercase && first.isASCII || isCJK(first),
            name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-")) || isCJK($0) })
        else {
            throw .invalidInput("job name \(name) must start with a lowercase letter and use lowercase letters, digits or '-' (at most 32)")
        }
    }
}

/// Job types. Those not listed in `runnable` are refused at create time until their resources exist.
public struct JobType: RawRepresentable, Sendable, Hashable, Codable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let freestyle = JobType(rawValue: "freestyle")
    public static let plugin = JobType(rawValue: "plugin")
    public static let approval = JobType(rawValue: "approval")
    public static let workflowTrigger = JobType(rawValue: "workflow-trigger")
    public static let sql = JobType(rawValue: "sql")
    public static let notification = JobType(rawValue: "notification")
    public static let serverlessPipeline = JobType(rawValue: "serverless-pipeline")

    /// Types the engine runs today.
    public static let runnable: Set<JobType> = [.freestyle, .plugin, .approval, .workflowTrigger, .sql, .notification, .serverlessPipeline]
}

/// What to do when a job fails or times out.
public struct ErrorPolicy: Sendable, Equatable, Codable {
    public var policy: ErrorPolicyKind
    public var maximumRetry: Int
    /// Who may decide a `manual_check` (accounts); empty means the task creator or an administrator.
    public var approvalUsers: [String]

    public init(policy: ErrorPolicyKind = .stop, maximumRetry: Int = 0, approvalUsers: [String] = []) {
        self.policy = policy
        self.maximumRetry = maximumRetry
        self.approvalUsers = approvalUsers
    }

    /// A policy as written (`stop`, `ignore_error`, `retry`, `manual_check`).
    public init(policy: String, maximumRetry: Int = 0, approvalUsers: [String] = []) {
        self.init(policy: ErrorPolicyKind(rawValue: policy), maximumRetry: maximumRetry, approvalUsers: approvalUsers)
    }

    private enum CodingKeys: String, CodingKey { case policy, maximumRetry, approvalUsers }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policy = try c.decode(ErrorPolicyKind.self, forKey: .policy)
        maximumRetry = try c.decode(Int.self, forKey: .maximumRetry)
        approvalUsers = try c.decodeIfPresent([String].self, forKey: .approvalUsers) ?? []
    }
}

/// A native approval: who may approve, how many must, and for how long (minutes).
public struct ApprovalSpec: Sendable, Equatable, Codable {
    public var approveUsers: [Approver]
    public var neededApprovers: Int
    public var timeoutMinutes: Int
    public var description: String

    public struct Approver: Sendable, Equatable, Codable {
        public var userName: String
        public var userID: String
        public init(userName: String, userID: String = "") {
            self.userName = userName
            self.userID = userID
        }
    }

    public init(approveUsers: [Approver], neededApprovers: Int = 1, timeoutMinutes: Int = 60, description: String = "") {
        self.approveUsers = approveUsers
        self.neededApprovers = neededApprovers
        self.timeoutMinutes = timeoutMinutes
        self.description = description
    }
}
