import SlipwayCore

/// Workflow detail stages in Zadig's normalised shape, whatever was sent: `approval` on every
/// stage (`native_approval` with `Timeout`/`NeededApprovers`, `dingtalk_approval`), and
/// `skipped`, `run_policy`, `service_modules`, `error_policy` on every job. Fields sent beyond
/// these are kept; credentials are masked.
enum WorkflowStageShape {
    static func stages(_ workflow: Workflow) -> JSONValue {
        let raw = workflow.definition["stages"].array
        return .array(
            workflow.stages.enumerated().map { index, stage in
                let sent = raw.indices.contains(index) && raw[index]["name"].string == stage.name ? raw[index] : .object([:])
                return self.stage(stage, sent: sent)
            })
    }

    static func stage(_ stage: StageDefinition, sent: JSONValue) -> JSONValue {
        var out: JSONValue = sent.object.isEmpty ? .object([:]) : sent
        out["name"] = .string(stage.name)
        out["parallel"] = .bool(stage.parallel)
        out["approval"] = approval(stage.approval, sent: sent["approval"])
        let sentJobs = sent["jobs"].array
        out["jobs"] = .array(
            stage.jobs.map { job in
                self.job(job, sent: sentJobs.first { $0["name"].string == job.name } ?? .object([:]))
            })
        return out
    }

    static func approval(_ spec: ApprovalSpec?, sent: JSONValue) -> JSONValue {
        var out = sent.object
        let native = sent["native_approval"], dingtalk = sent["dingtalk_approval"]
        let users: [JSONValue] =
            spec.map { $0.approveUsers.map { .object(["user_name": .string($0.userName), "user_id": .string($0.userID)]) } }
            ?? native["approve_users"].array
        out["enabled"] = .bool(spec != nil)
        out["type"] = .string(sent["type"].string ?? "native")
        out["description"] = .string(spec?.description ?? sent["description"].string ?? "")
        var nativeOut = native.object
        nativeOut["Timeout"] = .number(Double(spec?.timeoutMinutes ?? native["timeout"].int ?? native["Timeout"].int ?? 0))
        nativeOut["approve_users"] = .array(users)
        nativeOut["NeededApprovers"] = .number(Double(spec?.neededApprovers ?? native["needed_approvers"].int ?? native["NeededApprovers"].int ?? 0))
        nativeOut["timeout"] = nil
        nativeOut["needed_approvers"] = nil
        out["native_approval"] = .object(nativeOut)
        var dingtalkOut = dingtalk.object
        dingtalkOut["Timeout"] = .number(Double(dingtalk["Timeout"].int ?? dingtalk["timeout"].int ?? 0))
        dingtalkOut["timeout"] = nil
        out["dingtalk_approval"] = .object(dingtalkOut)
        return .object(out)
    }

    static func job(_ job: JobDefinition, sent: JSONValue) -> JSONValue {
        var out: JSONValue = sent.object.isEmpty ? .object([:]) : sent
        out["name"] = .string(job.name)
        out["type"] = .string(job.type.rawValue)
        out["skipped"] = .bool(job.skipped)
        out["run_policy"] = .string(job.runPolicy.rawValue)
        out["service_modules"] = sent["service_modules"].isNull ? .array([]) : sent["service_modules"]
        out["spec"] = CredentialMask.masked(job.spec)
        out["error_policy"] = .object([
            "policy": .string(job.errorPolicy.policy.rawValue), "maximum_retry": .number(Double(job.errorPolicy.maximumRetry)),
            "approval_users": .array(job.errorPolicy.approvalUsers.map { .object(["user_name": .string($0)]) }),
        ])
        return out
    }
}
