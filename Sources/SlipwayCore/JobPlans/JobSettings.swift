import Foundation

/// What any job's spec may set besides its type's own fields: environment variables
/// (`properties.envs`, then `envs`: `{key, value, is_credential}`) and a timeout in minutes
/// (`properties.timeout`, else `advanced_setting.timeout`).
package struct JobSettings: Sendable, Equatable {
    package var envs: [Variable]
    /// Nil when unset or not positive.
    package var timeoutMinutes: Int?

    /// An environment variable a job declares.
    package struct Variable: Sendable, Equatable {
        package var key: String
        package var value: String
        package var isCredential: Bool

        package init(key: String, value: String, isCredential: Bool = false) {
            self.key = key
            self.value = value
            self.isCredential = isCredential
        }
    }

    package init(envs: [Variable] = [], timeoutMinutes: Int? = nil) {
        self.envs = envs
        self.timeoutMinutes = timeoutMinutes
    }

    /// Decode from a job's spec; entries without a key are left out.
    package init(spec: JSONValue, path: String = "spec") throws(JobPlanError) {
        let reader = SpecReader(spec, path: path)
        let properties = reader["properties"]
        var envs: [Variable] = []
        if case .object = spec {
            try properties.requireObjectOrAbsent()
            for env in try properties["envs"].items() + reader["envs"].items() {
                guard case .object = env.value else { continue }
                guard let key = try env["key"].nonEmptyString() else { continue }
                envs.append(Variable(key: key, value: try env["value"].string(), isCredential: try env["is_credential"].bool()))
            }
        }
        self.envs = envs
        let minutes = try properties["timeout"].optionalInt(or: reader["advanced_setting"]["timeout"])
        timeoutMinutes = minutes.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The agent labels a job asks for, as Zadig's VM jobs spell them: `properties.vm_labels`, else
    /// `vm_labels` at the top of the spec (a list of strings, or one comma-separated string).
    /// Blank labels are dropped and each kept once, in order; empty runs the job on the server.
    package static func vmLabels(_ spec: SpecReader) throws(JobPlanError) -> [String] {
        let properties = spec["properties"]
        return try labelList(!properties["vm_labels"].isAbsent ? properties["vm_labels"] : spec["vm_labels"])
    }

    /// Labels written as a list of strings or one comma-separated string: blank ones dropped,
    /// each kept once, in order.
    package static func labelList(_ field: SpecReader) throws(JobPlanError) -> [String] {
        let raw: [String]
        if let text = try? field.optionalString() {
            raw = text.split(separator: ",").map(String.init)
        } else {
            raw = try field.strings()
        }
        var labels: [String] = []
        for label in raw.map({ $0.trimmingCharacters(in: .whitespaces) }) where !label.isEmpty && !labels.contains(label) {
            labels.append(label)
        }
        return labels
    }

    /// The values of variables marked as credentials (to mask).
    package var credentialValues: [String] { envs.filter(\.isCredential).map(\.value) }

    package func mapTemplates(_ text: (String) -> String) -> JobSettings {
        JobSettings(
            envs: envs.map { Variable(key: text($0.key), value: text($0.value), isCredential: $0.isCredential) },
            timeoutMinutes: timeoutMinutes)
    }
}
