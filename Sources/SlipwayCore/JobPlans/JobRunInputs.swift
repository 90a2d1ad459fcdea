/// Run-time job parameters (`inputs[].parameters` of a run request) applied to a job's spec
/// before the task stores it: `kv` sets freestyle envs or plugin inputs by key, an sql job takes
/// `database_name` and `sql`. The spec keeps its wire shape (tasks store it as given).
package enum JobRunInputs {
    package static func applying(_ inputs: JSONValue?, to spec: JSONValue, type: JobType) -> JSONValue {
        guard let inputs else { return spec }
        if [.zadigBuild, .zadigTest, .zadigScanning].contains(type) { return QualityRunInputs.applying(inputs, to: spec, type: type) }
        if type == .sql {
            var spec = spec
            if let name = inputs["database_name"].string, !name.isEmpty { spec["id"] = .string(name) }
            if let sql = inputs["sql"].string, !sql.isEmpty { spec["sql"] = .string(sql) }
            return spec
        }
        var values: [String: String] = [:]
        for kv in inputs["kv"].array {
            if let key = kv["key"].string { values[key] = kv["value"].string ?? "" }
        }
        guard !values.isEmpty else { return spec }
        func setValues(_ list: JSONValue, nameKey: String) -> JSONValue {
            .array(
                list.array.map { item in
                    guard let name = item[nameKey].string, let value = values[name] else { return item }
                    var item = item
                    item["value"] = .string(value)
                    return item
                })
        }
        var spec = spec
        switch type {
        case .plugin:
            if spec["plugin"].isNull {
                spec["inputs"] = setValues(spec["inputs"], nameKey: "name")
            } else {
                var plugin = spec["plugin"]
                plugin["inputs"] = setValues(plugin["inputs"], nameKey: "name")
                spec["plugin"] = plugin
            }
        default:
            if !spec["properties"].isNull {
                var properties = spec["properties"]
                properties["envs"] = setValues(properties["envs"], nameKey: "key")
                spec["properties"] = properties
            }
            if !spec["envs"].isNull { spec["envs"] = setValues(spec["envs"], nameKey: "key") }
        }
        return spec
    }

    /// The credential values a job's spec declares (env variables and plugin inputs), to mask;
    /// none when the spec does not decode (the job then fails when it starts, saying why).
    package static func credentialValues(of spec: JSONValue, type: JobType) -> [String] {
        do {
            var values = try JobSettings(spec: spec).credentialValues
            if case .plugin(let plugin) = try JobPlan(type: type, spec: spec) { values += plugin.credentialValues }
            return values
        } catch {
            return []
        }
    }
}
