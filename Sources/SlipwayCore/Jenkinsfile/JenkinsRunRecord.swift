/// What a Jenkins pipeline run recorded, stage by stage and step by step: the executor writes it
/// (`JenkinsRunRecord.fileName` in the job's artifacts) as the run goes, the CODING CI actions
/// read it for Blue Ocean stages and steps, per-step logs and the node a build is at.
package struct JenkinsRunRecord: Sendable, Equatable, Codable {
    /// The record's file under the job's artifacts directory.
    package static let fileName = "jenkins/run.json"
    /// Per-step logs: `jenkins/steps/<id>.log` under the job's artifacts directory.
    package static let stepLogDirectory = "jenkins/steps"
    /// JUnit report files a `junit` step kept: `jenkins/junit/<stepId>/<relative path>`.
    package static let junitDirectory = "jenkins/junit"
    /// Files `archiveArtifacts` kept: `jenkins/archive/<relative path>`.
    package static let archiveDirectory = "jenkins/archive"

    package var stages: [Stage] = []
    package var steps: [Step] = []

    package init(stages: [Stage] = [], steps: [Step] = []) {
        self.stages = stages
        self.steps = steps
    }

    /// A stage (Blue Ocean node): `type` STAGE or PARALLEL (a branch of a parallel stage).
    package struct Stage: Sendable, Equatable, Codable {
        package var id: Int
        package var name: String
        package var type: String
        package var parentID: Int?
        package var state: JenkinsState
        package var result: JenkinsResult?
        /// Epoch milliseconds; 0 before it starts.
        package var startTime: Int64
        package var durationMillis: Int64

        package init(id: Int, name: String, type: String, parentID: Int?) {
            self.id = id
            self.name = name
            self.type = type
            self.parentID = parentID
            self.state = .queued
            self.result = nil
            self.startTime = 0
            self.durationMillis = 0
        }
    }

    /// A step of a stage, with where its lines start and end in the job's whole log.
    package struct Step: Sendable, Equatable, Codable {
        package var id: Int
        package var stageID: Int
        package var displayName: String
        package var displayDescription: String
        package var state: JenkinsState
        package var result: JenkinsResult?
        package var startTime: Int64
        package var durationMillis: Int64
        /// Line numbers in the job's log when the step started and ended (sequential steps).
        package var logStart: Int
        package var logEnd: Int
        /// JUnit files a `junit` step kept (relative to the job's artifacts directory).
        package var reports: [String]

        package init(id: Int, stageID: Int, displayName: String, displayDescription: String) {
            self.id = id
            self.stageID = stageID
            self.displayName = displayName
            self.displayDescription = displayDescription
            self.state = .running
            self.result = nil
            self.startTime = 0
            self.durationMillis = 0
            self.logStart = 0
            self.logEnd = 0
            self.reports = []
        }
    }

    /// The stage running now (the innermost one), for a build's `StatusNode`.
    package var runningStage: String? {
        stages.last { $0.state == .running }?.name
    }
}

/// Blue Ocean's `state` of a node.
package enum JenkinsState: String, Sendable, Equatable, Codable {
    case queued = "QUEUED"
    case running = "RUNNING"
    case finished = "FINISHED"
    case skipped = "SKIPPED"
    case notBuilt = "NOT_BUILT"
}

/// Blue Ocean's `result` of a node, ordered from best to worst.
package enum JenkinsResult: String, Sendable, Equatable, Codable, Comparable {
    case success = "SUCCESS"
    case unstable = "UNSTABLE"
    case failure = "FAILURE"
    case notBuilt = "NOT_BUILT"
    case aborted = "ABORTED"

    private var rank: Int {
        switch self {
        case .success: return 0
        case .notBuilt: return 1
        case .unstable: return 2
        case .failure: return 3
        case .aborted: return 4
        }
    }

    package static func < (a: JenkinsResult, b: JenkinsResult) -> Bool { a.rank < b.rank }

    /// Whether later stages still run after this result.
    package var continues: Bool { self == .success || self == .unstable || self == .notBuilt }
}
