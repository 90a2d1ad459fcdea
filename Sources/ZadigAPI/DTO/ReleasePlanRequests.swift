import SlipwayCore
import SlipwayServices

/// `POST /openapi/release_plan/v1` and `PATCH /openapi/release_plan/v1/:id` bodies (the PATCH adds `jobs`).
struct ReleasePlanRequest: Decodable {
    let name: String?
    let manager: String?
    let manager_identity_type: String?
    let description: String?
    let start_time: Int64?
    let end_time: Int64?
    let schedule_execute_time: Int64?
    let approval: ApprovalIn?
    let jobs: [JobIn]?

    struct ApprovalIn: Decodable {
        let enabled: Bool?
        let type: String?
        let description: String?
        let native_approval: NativeIn?
    }

    struct NativeIn: Decodable {
        let timeout: Int?
        let approve_users: [ApproverIn]?
        let needed_approvers: Int?
    }

    struct ApproverIn: Decodable {
        let user_id: String?
        let user_name: String?
        let type: String?
    }

    struct JobIn: Decodable {
        let name: String?
        let type: String?
        let spec: SpecIn?
    }

    /// A text spec `{content, remark}` or a workflow spec `{workflow_key, project_key, parameters, inputs, remark}`.
    struct SpecIn: Decodable {
        let content: String?
        let remark: String?
        let workflow_key: String?
        let project_key: String?
        let parameters: [RunWorkflowRequest.Parameter]?
        let inputs: [RunWorkflowRequest.Input]?
    }

    /// The service's draft; `withJobs` reads `jobs` (the PATCH), which Zadig's create ignores.
    func draft(withJobs: Bool) throws -> ReleasePlanDraft {
        ReleasePlanDraft(
            name: name ?? "", manager: manager ?? "", managerIdentityType: manager_identity_type ?? "", description: description ?? "",
            startTime: start_time ?? 0, endTime: end_time ?? 0, scheduleExecuteTime: schedule_execute_time ?? 0,
            approval: try approval.map(Self.approval), jobs: withJobs ? try (jobs ?? []).enumerated().map { try Self.job($0.offset, $0.element) } : [])
    }

    static func approval(_ a: ApprovalIn) throws -> ReleasePlanDraft.Approval {
        let users = a.native_approval?.approve_users ?? []
        if users.contains(where: { ($0.type ?? "user") != "user" }) {
            throw ZadigError.badRequest("lintApproval error: approver groups are not supported, name users")
        }
        return ReleasePlanDraft.Approval(
            enabled: a.enabled ?? false, type: a.type ?? "native", description: a.description ?? "",
            approvers: users.map { (id: $0.user_id ?? "", name: $0.user_name ?? "") },
            neededApprovers: a.native_approval?.needed_approvers ?? 1, timeoutMinutes: a.native_approval?.timeout ?? 0)
    }

    static func job(_ index: Int, _ job: JobIn) throws -> ReleasePlanDraft.Job {
        let name = job.name ?? ""
        switch job.type {
        case "text":
            return .text(name: name, ReleaseJob.TextSpec(content: job.spec?.content ?? "", remark: job.spec?.remark ?? ""))
        case "workflow":
            guard let spec = job.spec, let key = spec.workflow_key, !key.isEmpty, let project = spec.project_key, !project.isEmpty else {
                throw ZadigError.badRequest("jobs[\(index)].spec: workflow_key and project_key are required")
            }
            return .workflow(
                name: name,
                ReleaseJob.WorkflowSpec(
                    workflowKey: key, projectKey: project,
                    parameters: (spec.parameters ?? []).map { .init(name: $0.name, value: $0.value?.string ?? "") },
                    inputs: (spec.inputs ?? []).map { .init(jobName: $0.job_name, jobType: $0.job_type ?? "", parameters: $0.parameters ?? .object([:])) },
                    remark: spec.remark ?? ""))
        default:
            throw ZadigError.badRequest("jobs[\(index)].type: invalid release job type: \(job.type ?? "")")
        }
    }
}

/// `POST /api/aslan/release_plan/v1/:id/execute` (also `/skip` and `/retry`, Zadig's
/// `SkipReleaseJobArgs`/`RetryReleaseJobArgs` of the same shape): the job (`id`, `type`) and, for
/// a text job, `spec.remark`.
struct ExecuteReleaseJobRequest: Decodable {
    let id: String
    let name: String?
    let type: String
    let spec: Spec?

    struct Spec: Decodable {
        let remark: String?
    }
}

/// `POST /api/aslan/release_plan/v1/:id/approve`.
struct ApproveReleasePlanRequest: Decodable {
    let approve: Bool
    let comment: String?
}
