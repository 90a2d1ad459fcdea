import SlipwayCore

/// `zadig-build` and `zadig-test` job specs as Zadig's task detail shows them: a build
/// `{repos, image (the pushed image), package, service_name, service_module, envs}`; a test `{repos, junit_report,
/// archive, html_report, project_name, test_name, test_type, service_name, service_module, envs,
/// test_report}`, where `test_report` holds the cases the job recorded. A job running several
/// builds or tests shows the first one's fields and lists all in `service_and_builds` /
/// `test_modules` as stored.
extension TaskJobSpec {
    static func envs(_ target: JSONValue) -> JSONValue {
        .array(
            target["key_vals"].array.map { kv in
                .object([
                    "key": kv["key"], "value": .string(kv["value"].string ?? ""), "type": .string(kv["type"].string ?? "string"),
                    "is_credential": .bool(kv["is_credential"].bool ?? false),
                ])
            })
    }

    /// `image`: the image the job's `docker_build` step pushed (its `IMAGE` output), else the spec's.
    static func build(_ spec: JSONValue, image: String? = nil) -> JSONValue {
        let first = spec["service_and_builds"].array.first ?? .object([:])
        return .object([
            "repos": .array(first["repos"].array), "image": .string(image ?? first["image"].string ?? ""), "package": .string(""),
            "service_name": .string(first["service_name"].string ?? ""), "service_module": .string(first["service_module"].string ?? ""),
            "build_name": .string(first["build_name"].string ?? ""), "envs": envs(first),
            "service_and_builds": .array(spec["service_and_builds"].array),
        ])
    }

    static func test(_ spec: JSONValue, results: [TestCaseResult]) -> JSONValue {
        let modules = spec["test_modules"].array + spec["service_and_tests"].array
        let first = modules.first ?? .object([:])
        let name = first["name"].string ?? ""
        let testType = spec["test_type"].string ?? ""
        return .object([
            "repos": .array(first["repos"].array), "junit_report": .bool(true), "archive": .bool(false), "html_report": .bool(false),
            "project_name": .string(first["project_name"].string ?? ""), "test_name": .string(name), "test_type": .string(testType),
            "service_name": .string(first["service_name"].string ?? ""), "service_module": .string(first["service_module"].string ?? ""),
            "envs": envs(first), "test_modules": .array(modules),
            "test_report": QualityDTOs.testReport(results, name: name, testType: testType.isEmpty ? "function" : testType),
        ])
    }
}

extension TaskJobSpec {
    /// A scan job: `{repos, link_url, scanning_name}` as Zadig's, plus what the run recorded:
    /// `quality_gate` (`passed`, `failed`, or empty without a gate) and `report` (Slipway additions).
    static func scanning(_ spec: JSONValue, results: [ScanResult]) -> JSONValue {
        let first = spec["scannings"].array.first ?? .object([:])
        let result = results.first
        return .object([
            "repos": .array(first["repos"].array), "link_url": .string(""), "scanning_name": .string(first["name"].string ?? ""),
            "scannings": .array(spec["scannings"].array), "quality_gate": .string(result?.qualityGate ?? ""),
            "report": .string(result?.report ?? ""),
        ])
    }
}
