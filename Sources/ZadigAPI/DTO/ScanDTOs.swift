import SlipwayCore

/// Code scan bodies and answers (zadig-api.md §7).
enum ScanDTOs {
    static let extras = ["addons", "sonar_parameter", "sonar_system", "advanced_settings"]

    /// `POST /openapi/quality/codescan`: `{project_key, name, description, scanner_type, image_name,
    /// repo_info, addons, script, enable_quality_gate, advanced_settings}`; Slipway adds
    /// `parameters` and `report_path` (the report file the script writes, kept with the run).
    static func scan(_ body: JSONValue) throws -> ScanDefinition {
        try QualityRequests.reading(body) { (b) throws(JobPlanError) in
            var extras: [String: JSONValue] = [:]
            for key in Self.extras where !body[key].isNull { extras[key] = body[key] }
            return ScanDefinition(
                projectKey: try b["project_key"].string(), name: try b["name"].string(), description: try b["description"].string(),
                scannerType: try b["scanner_type"].string(), imageName: try b["image_name"].string(),
                repos: try QualityRequests.repos(b["repo_info"]), script: try b["script"].string(),
                parameters: try QualityRequests.parameters(b["parameters"]), enableQualityGate: try b["enable_quality_gate"].bool(),
                reportPath: try b["report_path"].string(), extras: extras)
        }
    }

    /// `GET /openapi/quality/codescan/:scanName/task/:taskID`: Zadig's fields, plus the run's
    /// `quality_gate` and `report` (Slipway additions). `repo_info` lists the scan's repositories
    /// with the branch the run used.
    static func task(_ task: WorkflowTask, name: String, scan: ScanDefinition?, result: ScanResult?) -> JSONValue {
        let overrides = task.stages.first?.jobs.first?.spec["scannings"].array.first?["repos"].array ?? []
        let repos = (scan?.repos ?? []).map { repo -> JSONValue in
            let branch = overrides.first { $0["repo_name"] == repo["repo_name"] }?["branch"].string ?? repo["branch"].string ?? ""
            return .object([
                "repo_owner": repo["repo_owner"], "source": repo["source"], "address": repo["address"], "branch": .string(branch),
                "repo_name": repo["repo_name"],
            ])
        }
        return .object([
            "scan_name": .string(name), "creator": .string(task.creator), "task_id": .number(Double(task.taskID)),
            "status": .string(task.status.rawValue), "create_time": .number(Double(task.createdAt.seconds)),
            "end_time": .number(Double(task.endedAt.seconds)), "result_link": .string(""), "repo_info": .array(repos),
            "quality_gate": .string(result?.qualityGate ?? ""), "report": .string(result?.report ?? ""),
        ])
    }
}
