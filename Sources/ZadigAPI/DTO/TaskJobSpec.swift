import SlipwayCore
import SlipwayEngine

/// A job's `spec` as Zadig's task detail documents it, per job type: freestyle jobs
/// `{repos, image, service_name, service_module, envs}`, plugin jobs the flat plugin template
/// `{name, is_offical, description, repo_url, version, image, args, cmds, envs, inputs, outputs}`;
/// other types keep their stored spec.
enum TaskJobSpec {
    static func shaped(
        _ spec: JSONValue, type: JobType, job: String = "", testResults: [TestCaseResult] = [], scanResults: [ScanResult] = [],
        outputs: [String: String] = [:]
    ) -> JSONValue {
        switch type {
        case .freestyle: return freestyle(spec)
        case .plugin: return plugin(spec)
        case .zadigBuild: return build(spec, image: outputs["IMAGE"])
        case .zadigTest: return test(spec, results: testResults.filter { $0.jobName == job || $0.jobName.hasPrefix(job + "/") })
        case .zadigScanning: return scanning(spec, results: scanResults.filter { $0.jobName == job || $0.jobName.hasPrefix(job + "/") })
        default: return spec
        }
    }

    static func freestyle(_ spec: JSONValue) -> JSONValue {
        let repos = FreestyleExecutor.steps(of: spec).filter { $0["type"].string == "git" }.flatMap { $0["spec"]["repos"].array }
        let envs = (spec["properties"]["envs"].array + spec["envs"].array).compactMap { env -> JSONValue? in
            guard let key = env["key"].string, !key.isEmpty else { return nil }
            return .object([
                "key": .string(key), "value": .string(env["value"].string ?? ""),
                "type": .string(env["type"].string ?? "string"), "is_credential": .bool(env["is_credential"].bool ?? false),
            ])
        }
        return .object([
            "repos": .array(repos),
            "image": .string(spec["image"].string ?? spec["properties"]["image_id"].string ?? ""),
            "service_name": .string(spec["service_name"].string ?? ""),
            "service_module": .string(spec["service_module"].string ?? ""),
            "envs": .array(envs),
        ])
    }

    static func plugin(_ spec: JSONValue) -> JSONValue {
        let plugin = spec["plugin"].isNull ? spec : spec["plugin"]
        func text(_ key: String) -> JSONValue { .string(plugin[key].string ?? "") }
        func list(_ key: String) -> JSONValue { .array(plugin[key].array) }
        return .object([
            "name": text("name"), "is_offical": .bool(plugin["is_offical"].bool ?? false), "description": text("description"),
            "repo_url": text("repo_url"), "version": text("version"), "image": text("image"),
            "args": list("args"), "cmds": list("cmds"), "envs": list("envs"), "inputs": list("inputs"), "outputs": list("outputs"),
        ])
    }

    /// A job that has not started in a stage that has not started: `created` while the task may
    /// still reach it, `notRun` once the task ended without reaching it.
    static func status(_ job: JobRun, stage: StageRun, task: WorkflowTask) -> String {
        guard job.status == .notStarted, stage.status == .notStarted else { return job.status.rawValue }
        return task.status.isCompleted ? "notRun" : TaskStatus.created.rawValue
    }
}
