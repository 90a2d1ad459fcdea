import SlipwayCore

/// Build, test and test-report answers in Zadig's shapes (zadig-api.md §5, §6). Credential
/// parameter values are always blank.
enum QualityDTOs {
    static func parameters(_ list: [QualityParameter]) -> JSONValue {
        .array(
            list.map { p in
                .object([
                    "key": .string(p.key), "value": .string(p.isCredential ? "" : p.value), "type": .string(p.type),
                    "is_credential": .bool(p.isCredential), "choice_option": .array(p.choiceOption.map(JSONValue.string)),
                ])
            })
    }

    static func services(_ list: [ServiceModuleRef]) -> JSONValue {
        .array(list.map { .object(["service_name": .string($0.serviceName), "service_module": .string($0.serviceModule)]) })
    }

    /// One entry of `GET /openapi/build`.
    static func buildListItem(_ b: BuildDefinition) -> JSONValue {
        .object([
            "name": .string(b.name), "project_key": .string(b.projectKey), "source": .string(b.source), "update_by": .string(b.updatedBy),
            "update_time": .number(Double(b.updatedAt.seconds)), "target_services": services(b.targetServices),
        ])
    }

    /// `GET /openapi/build/:buildName/detail`.
    static func buildDetail(_ b: BuildDefinition) -> JSONValue {
        func extra(_ key: String, _ fallback: JSONValue) -> JSONValue { b.extras[key] ?? fallback }
        var advanced = extra("advanced_settings", .object([:]))
        if case .object = advanced {
            if advanced["timeout"].isNull { advanced["timeout"] = .number(Double(b.timeoutMinutes)) }
        } else {
            advanced = .object(["timeout": .number(Double(b.timeoutMinutes))])
        }
        return .object([
            "project_key": .string(b.projectKey), "name": .string(b.name), "source": .string(b.source),
            "target_services": services(b.targetServices), "template_name": .string(b.templateName), "update_by": .string(b.updatedBy),
            "update_time": .number(Double(b.updatedAt.seconds)), "repos": .array(b.repos),
            "build_env": extra("build_env", .object(["basic_image_id": .string(""), "basic_image_label": .string(""), "installs": .array([])])),
            "advanced_settings": advanced, "build_script": .string(b.script), "parameters": parameters(b.parameters),
            "outputs": extra("outputs", .array([])), "post_build": extra("post_build", .object([:])),
        ])
    }

    static func testListItem(_ t: TestDefinition) -> JSONValue {
        .object([
            "name": .string(t.name), "project_key": .string(t.projectKey), "desc": .string(t.description), "test_type": .string(t.testType),
            "update_by": .string(t.updatedBy), "update_time": .number(Double(t.updatedAt.seconds)),
        ])
    }

    /// `GET /openapi/quality/testing/:testName`.
    static func testDetail(_ t: TestDefinition) -> JSONValue {
        var detail = testListItem(t)
        detail["repos"] = .array(t.repos)
        detail["script"] = .string(t.script)
        detail["parameters"] = parameters(t.parameters)
        detail["test_result_path"] = .string(t.reportDirectory)
        detail["timeout"] = .number(Double(t.timeoutMinutes))
        for (key, value) in t.extras { detail[key] = value }
        return detail
    }

    /// Zadig's `test_report`: counts (`skiped_total` as the reference spells it), time in
    /// seconds and each case with `failure`, `skipped` or `error` set (null otherwise).
    static func testReport(_ cases: [TestCaseResult], name: String, testType: String) -> JSONValue {
        let totals = JUnitTotals(cases.map(\.junitCase))
        func detail(_ c: TestCaseResult) -> JSONValue {
            .object(["message": .string(c.message), "type": .string(c.type), "text": .string(c.text)])
        }
        return .object([
            "test_total": .number(Double(totals.total)), "failure_total": .number(Double(totals.failed)),
            "success_total": .number(Double(totals.passed)), "skiped_total": .number(Double(totals.skipped)),
            "error_total": .number(Double(totals.errors)), "time": .number(totals.time), "test_type": .string(testType),
            "name": .string(name),
            "test_cases": .array(
                cases.map { c in
                    .object([
                        "name": .string(c.name), "classname": .string(c.classname), "time": .number(c.time),
                        "failure": c.outcome == .failed ? detail(c) : .null, "skipped": c.outcome == .skipped ? detail(c) : .null,
                        "error": c.outcome == .error ? detail(c) : .null,
                    ])
                }),
        ])
    }

    /// `GET /openapi/quality/testing/:testName/task/:taskID`.
    static func testTask(_ task: WorkflowTask, testName: String, cases: [TestCaseResult]) -> JSONValue {
        .object([
            "test_name": .string(testName), "task_id": .number(Double(task.taskID)), "creator": .string(task.creator),
            "create_time": .number(Double(task.createdAt.seconds)), "start_time": .number(Double(task.startedAt.seconds)),
            "end_time": .number(Double(task.endedAt.seconds)), "status": .string(task.status.rawValue),
            "test_report": testReport(cases, name: testName, testType: "function"),
        ])
    }

    /// One entry of the flaky-test lists (Slipway extension).
    static func flaky(_ f: FlakyTestCase) -> JSONValue {
        .object([
            "test_name": .string(f.testName), "classname": .string(f.classname), "name": .string(f.name),
            "commits": .array(f.commits.map(JSONValue.string)), "pass_count": .number(Double(f.passes)),
            "fail_count": .number(Double(f.failures)), "last_seen": .number(Double(f.lastSeen.seconds)),
        ])
    }
}
