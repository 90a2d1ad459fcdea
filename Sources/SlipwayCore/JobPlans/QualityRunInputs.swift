/// Run-time parameters of `zadig-build` and `zadig-test` jobs (`inputs[].parameters` of a run):
/// `registry` and `service_list: [{service_name, service_module, repo_info, inputs}]` for builds,
/// `testing_list: [{testing_name, repo_info, inputs}]` for tests, `scanning_list: [{scanning_name,
/// repo_info}]` for scans. Each entry's `repo_info`
/// becomes the matching target's `repos` and its `inputs` set `key_vals` by key; a key the job
/// does not list is added as a credential.
enum QualityRunInputs {
    static func applying(_ inputs: JSONValue, to spec: JSONValue, type: JobType) -> JSONValue {
        var spec = spec
        if type == .zadigBuild {
            if let registry = inputs["registry"].string, !registry.isEmpty { spec["registry"] = .string(registry) }
            for entry in inputs["service_list"].array {
                spec["service_and_builds"] = apply(entry, to: spec["service_and_builds"]) {
                    $0["service_name"] == entry["service_name"] && $0["service_module"] == entry["service_module"]
                }
            }
        } else if type == .zadigScanning {
            for entry in inputs["scanning_list"].array {
                spec["scannings"] = apply(entry, to: spec["scannings"]) { $0["name"] == entry["scanning_name"] }
            }
        } else {
            for entry in inputs["testing_list"].array {
                for list in ["test_modules", "service_and_tests"] where !spec[list].isNull {
                    spec[list] = apply(entry, to: spec[list]) { $0["name"] == entry["testing_name"] }
                }
            }
        }
        return spec
    }

    private static func apply(_ entry: JSONValue, to list: JSONValue, where matches: (JSONValue) -> Bool) -> JSONValue {
        .array(
            list.array.map { target in
                guard matches(target) else { return target }
                var target = target
                if !entry["repo_info"].array.isEmpty { target["repos"] = entry["repo_info"] }
                var keyVals = target["key_vals"].array
                for input in entry["inputs"].array {
                    guard let key = input["key"].string, !key.isEmpty else { continue }
                    let value = JSONValue.string(input["value"].string ?? "")
                    if let index = keyVals.firstIndex(where: { $0["key"].string == key }) {
                        keyVals[index]["value"] = value
                    } else {
                        // The definition's parameter may be a credential, which the run cannot
                        // know here: a value it adds is kept as one (sealed, blank in answers).
                        keyVals.append(.object(["key": .string(key), "value": value, "is_credential": .bool(true)]))
                    }
                }
                target["key_vals"] = .array(keyVals)
                return target
            })
    }
}
