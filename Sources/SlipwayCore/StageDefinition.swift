/// A stage: jobs run all at once (`parallel`) or one by one.
package struct StageDefinition: Sendable, Equatable, Codable {
    package var name: String
    package var parallel: Bool
    /// Stage-level native approval required before its jobs start.
    package var approval: ApprovalSpec?
    package var jobs: [JobDefinition]

    package init(name: String, parallel: Bool, approval: ApprovalSpec? = nil, jobs: [JobDefinition]) {
        self.name = name
        self.parallel = parallel
        self.approval = approval
        self.jobs = jobs
    }
}

/// One job of a stage. `spec` stays in the shape its type defines (the detail responses give it
/// back as written); `compiled(at:)` decodes it into the plan the engine runs.
package struct JobDefinition: Sendable, Equatable, Codable {
    package var name: String
    package var type: JobType
    package var skipped: Bool
    package var runPolicy: RunPolicy
    package var errorPolicy: ErrorPolicy
    package var executePolicy: ExecutePolicy?
    package var spec: JSONValue

    package init(
        name: String, type: JobType, skipped: Bool = false, runPolicy: RunPolicy = .runByDefault,
        errorPolicy: ErrorPolicy = ErrorPolicy(), executePolicy: ExecutePolicy? = nil, spec: JSONValue
    ) {
        self.name = name
        self.type = type
        self.skipped = skipped
        self.runPolicy = runPolicy
        self.errorPolicy = errorPolicy
        self.executePolicy = executePolicy
        self.spec = spec
    }

    /// A job with its `run_policy` as written.
    package init(
        name: String, type: JobType, skipped: Bool = false, runPolicy: String,
        errorPolicy: ErrorPolicy = ErrorPolicy(), executePolicy: ExecutePolicy? = nil, spec: JSONValue
    ) {
        self.init(
            name: name, type: type, skipped: skipped, runPolicy: RunPolicy(rawValue: runPolicy), errorPolicy: errorPolicy,
            executePolicy: executePolicy, spec: spec)
    }

    /// Job names: lowercase letter (or CJK) first, then lowercase letters, digits, CJK or '-', at most 32.
    package static func validateName(_ name: String) throws(SlipwayError) {
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
package struct JobType: RawRepresentable, Sendable, Hashable, Codable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package static let freestyle = JobType(rawValue: "freestyle")
    package static let plugin = JobType(rawValue: "plugin")
    package static let approval = JobType(rawValue: "approval")
    package static let workflowTrigger = JobType(rawValue: "workflow-trigger")
    package static let sql = JobType(rawValue: "sql")
    package static let notification = JobType(rawValue: "notification")
    package static let serverlessPipeline = JobType(rawValue: "serverless-pipeline")
    package static let zadigBuild = JobType(rawValue: "zadig-build")
    package static let zadigTest = JobType(rawValue: "zadig-test")
    package static let zadigScanning = JobType(rawValue: "zadig-scanning")
    /// A CODING CI build: a declarative Jenkinsfile run by `JenkinsPipelineExecutor`.
    package static let jenkinsPipeline = JobType(rawValue: "coding-ci-pipeline")
    /// CODING CD stages: deploy to a host server group over SSH, and wait.
    package static let cdHostDeploy = JobType(rawValue: "coding-cd-host-deploy")
    package static let cdWait = JobType(rawValue: "coding-cd-wait")
    /// A CODING CD `script` stage: a script on an agent machine.
    package static let cdScript = JobType(rawValue: "coding-cd-script")
    /// A Zadig delivery version's image push (Zadig's `delivery` task). Made only by the version
    /// service for a version's own workflow: not `runnable`, so no saved workflow may hold it.
    package static let deliveryVersion = JobType(rawValue: "zadig-delivery-version")

    /// Types the engine runs today.
    package static let runnable: Set<JobType> = [
        .freestyle, .plugin, .approval, .workflowTrigger, .sql, .notification, .serverlessPipeline,
        .zadigBuild, .zadigTest, .zadigScanning,
        .jenkinsPipeline, .cdHostDeploy, .cdWait, .cdScript,
    ]

    /// Types only the CODING CI and CD services put in the workflows they make: a workflow
    /// definition a user saves may not name them, or a project member could deploy to a team's
    /// host groups (with the server's SSH key) or run scripts on its agent machines without the
    /// CD permissions those take.
    package static let serviceOnly: Set<JobType> = [.jenkinsPipeline, .cdHostDeploy, .cdWait, .cdScript]
}

/// What to do when a job fails or times out.
package struct ErrorPolicy: Sendable, Equatable, Codable {
    package var policy: ErrorPolicyKind
    package var maximumRetry: Int
    /// Who may decide a `manual_check` (accounts); empty means the task creator or an administrator.
    package var approvalUsers: [String]

    package init(policy: ErrorPolicyKind = .stop, maximumRetry: Int = 0, approvalUsers: [String] = []) {
        self.policy = policy
        self.maximumRetry = maximumRetry
        self.approvalUsers = approvalUsers
    }

    /// A policy as written (`stop`, `ignore_error`, `retry`, `manual_check`).
    package init(policy: String, maximumRetry: Int = 0, approvalUsers: [String] = []) {
        self.init(policy: ErrorPolicyKind(rawValue: policy), maximumRetry: maximumRetry, approvalUsers: approvalUsers)
    }

    private enum CodingKeys: String, CodingKey { case policy, maximumRetry, approvalUsers }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policy = try c.decode(ErrorPolicyKind.self, forKey: .policy)
        maximumRetry = try c.decode(Int.self, forKey: .maximumRetry)
        approvalUsers = try c.decodeIfPresent([String].self, forKey: .approvalUsers) ?? []
    }
}

/// A native approval: who may approve, how many must, and for how long (minutes).
package struct ApprovalSpec: Sendable, Equatable, Codable {
    package var approveUsers: [Approver]
    package var neededApprovers: Int
    package var timeoutMinutes: Int
    package var description: String

    package struct Approver: Sendable, Equatable, Codable {
        package var userName: String
        package var userID: String
        package init(userName: String, userID: String = "") {
            self.userName = userName
            self.userID = userID
        }
    }

    package init(approveUsers: [Approver], neededApprovers: Int = 1, timeoutMinutes: Int = 60, description: String = "") {
        self.approveUsers = approveUsers
        self.neededApprovers = neededApprovers
        self.timeoutMinutes = timeoutMinutes
        self.description = description
    }
}
