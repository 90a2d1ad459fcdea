/// Where a release plan stands. The transitions a manager may ask for are Zadig's
/// `ReleasePlanStatusMap`; the external-check states exist in that map but Slipway runs no
/// external release-plan hooks, so a plan never enters them.
package enum ReleasePlanStatus: String, Sendable, Codable, CaseIterable {
    case planning
    case finishPlanning = "finish_planning"
    case waitForApproval = "wait_for_approval"
    case executing
    case denied
    case timeout
    case success
    case cancel
    case waitForFinishPlanningExternalCheck = "wait_for_finish_planning_external_check"
    case waitForExecuteExternalCheck = "wait_for_execute_external_check"
    case waitForAllDoneExternalCheck = "wait_for_all_done_external_check"
    case waitForFinishPlanningExternalCheckFailed = "wait_for_finish_planning_external_check_failed"
    case waitForExecuteExternalCheckFailed = "wait_for_execute_external_check_failed"
    case waitForAllDoneExternalCheckFailed = "wait_for_all_done_external_check_failed"

    /// The states that wait on an external check (release plan hooks).
    package var isExternalCheck: Bool { rawValue.contains("external_check") }

    /// The statuses this one may move to (Zadig's `ReleasePlanStatusMap`).
    package var next: [ReleasePlanStatus] {
        switch self {
        case .planning: [.finishPlanning]
        case .finishPlanning: [.planning, .waitForApproval, .executing, .waitForFinishPlanningExternalCheck, .waitForExecuteExternalCheck]
        case .waitForApproval: [.planning, .executing, .waitForAllDoneExternalCheck, .cancel]
        case .executing: [.planning, .success, .cancel, .waitForExecuteExternalCheck]
        case .timeout, .denied: [.planning, .cancel]
        case .waitForFinishPlanningExternalCheck: [.finishPlanning, .waitForFinishPlanningExternalCheckFailed, .planning, .cancel]
        case .waitForExecuteExternalCheck: [.executing, .waitForExecuteExternalCheckFailed, .planning, .cancel]
        case .waitForAllDoneExternalCheck: [.success, .waitForAllDoneExternalCheckFailed, .planning, .cancel]
        case .waitForFinishPlanningExternalCheckFailed, .waitForExecuteExternalCheckFailed, .waitForAllDoneExternalCheckFailed:
            [.planning, .cancel]
        case .success, .cancel: []
        }
    }
}

/// A release job's progress.
package enum ReleaseJobStatus: String, Sendable, Codable {
    case todo, running, done, skipped, failed
}

/// A release job: a text item someone does by hand, or a custom workflow run as a task.
package enum ReleaseJobType: String, Sendable, Codable {
    case text, workflow
}
