/// A parameter of a build, test or scan definition: exported to its script as an environment
/// variable. A credential's value is stored sealed and never shown.
package struct QualityParameter: Sendable, Equatable, Codable {
    package var key: String
    package var value: String
    /// `string`, `choice`, `text` as Zadig's build variables.
    package var type: String
    package var isCredential: Bool
    package var choiceOption: [String]

    package init(key: String, value: String, type: String = "string", isCredential: Bool = false, choiceOption: [String] = []) {
        self.key = key
        self.value = value
        self.type = type
        self.isCredential = isCredential
        self.choiceOption = choiceOption
    }

    /// A name a shell can export: letters, digits and `_`, not starting with a digit.
    package static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first), key.utf8.count <= 128 else { return false }
        return key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// A service module a build is for (Zadig's `target_services`).
package struct ServiceModuleRef: Sendable, Equatable, Codable {
    package var serviceName: String
    package var serviceModule: String

    package init(serviceName: String, serviceModule: String) {
        self.serviceName = serviceName
        self.serviceModule = serviceModule
    }
}

/// What builds, tests and scans share: a project, a name, repositories to check out, a script
/// and its parameters. The store keeps them by (project, name).
package protocol QualityDefinition: Sendable, Codable {
    /// The store's table for this kind.
    static var table: String { get }
    /// The kind's name in messages (`build`, `test`, `scan`).
    static var kind: String { get }
    var projectKey: String { get }
    var name: String { get }
    var parameters: [QualityParameter] { get set }
    var updatedBy: String { get set }
    var updatedAt: EpochMillis { get set }
}

extension QualityDefinition {
    /// The same definition with each credential's value passed through `transform` (sealing,
    /// opening, blanking).
    package func mapCredentials(_ transform: (String) throws -> String) rethrows -> Self {
        var copy = self
        for index in copy.parameters.indices where copy.parameters[index].isCredential {
            copy.parameters[index].value = try transform(copy.parameters[index].value)
        }
        return copy
    }

    /// Names may hold letters, digits and `-` (a test's name becomes part of a workflow key).
    package static func validateName(_ name: String) throws(SlipwayError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidInput("\(kind) name must be 1-64 letters, digits or '-'")
        }
    }

    /// Parameters must have exportable, distinct keys.
    package static func validateParameters(_ parameters: [QualityParameter]) throws(SlipwayError) {
        var seen = Set<String>()
        for parameter in parameters {
            guard QualityParameter.isValidKey(parameter.key) else {
                throw .invalidInput("parameter key \(parameter.key.debugDescription) must be letters, digits and '_', not starting with a digit")
            }
            guard seen.insert(parameter.key).inserted else { throw .invalidInput("parameter \(parameter.key) is duplicated") }
        }
    }
}

/// A build (Zadig's `module_build`): repositories, a build script and its parameters, for some
/// service modules. The remaining Zadig fields (`build_env`, `advanced_settings`, `outputs`,
/// `post_build`) are kept as given in `extras`.
package struct BuildDefinition: QualityDefinition, Equatable {
    package static let table = "zadig_builds"
    package static let kind = "build"

    package var projectKey: String
    package var name: String
    /// `zadig` (script builds); `jenkins` is not run here.
    package var source: String
    package var templateName: String
    package var targetServices: [ServiceModuleRef]
    /// Repositories as Zadig writes them (`source`, `repo_owner`, `repo_name`, `branch`, …).
    package var repos: [JSONValue]
    package var script: String
    package var parameters: [QualityParameter]
    /// Job timeout in minutes (0: the engine's default).
    package var timeoutMinutes: Int
    package var extras: [String: JSONValue]
    package var updatedBy: String
    package var updatedAt: EpochMillis

    package init(
        projectKey: String, name: String, source: String = "zadig", templateName: String = "", targetServices: [ServiceModuleRef] = [],
        repos: [JSONValue] = [], script: String = "", parameters: [QualityParameter] = [], timeoutMinutes: Int = 0,
        extras: [String: JSONValue] = [:], updatedBy: String = "", updatedAt: EpochMillis = .now()
    ) {
        self.projectKey = projectKey
        self.name = name
        self.source = source
        self.templateName = templateName
        self.targetServices = targetServices
        self.repos = repos
        self.script = script
        self.parameters = parameters
        self.timeoutMinutes = timeoutMinutes
        self.extras = extras
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}

/// A test (Zadig's `module_testing`): repositories, a test script, its parameters, and the
/// directory (under the workspace) where the script leaves JUnit XML reports.
package struct TestDefinition: QualityDefinition, Equatable {
    package static let table = "zadig_tests"
    package static let kind = "test"

    package var projectKey: String
    package var name: String
    package var description: String
    /// `function` (default) or `service_test` … as Zadig's `test_type`.
    package var testType: String
    package var repos: [JSONValue]
    package var script: String
    package var parameters: [QualityParameter]
    /// Relative to the workspace, e.g. `app/reports`; empty: no report is read.
    package var reportDirectory: String
    package var timeoutMinutes: Int
    package var extras: [String: JSONValue]
    package var updatedBy: String
    package var updatedAt: EpochMillis

    package init(
        projectKey: String, name: String, description: String = "", testType: String = "function", repos: [JSONValue] = [],
        script: String = "", parameters: [QualityParameter] = [], reportDirectory: String = "", timeoutMinutes: Int = 0,
        extras: [String: JSONValue] = [:], updatedBy: String = "", updatedAt: EpochMillis = .now()
    ) {
        self.projectKey = projectKey
        self.name = name
        self.description = description
        self.testType = testType
        self.repos = repos
        self.script = script
        self.parameters = parameters
        self.reportDirectory = reportDirectory
        self.timeoutMinutes = timeoutMinutes
        self.extras = extras
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    /// The workflow a test's own runs are tasks of (`POST /openapi/quality/testing/task`).
    package static func workflowKey(for name: String) -> String { "zadig-testing-\(name)" }

    /// A report directory must stay inside the workspace.
    package static func validateReportDirectory(_ path: String) throws(SlipwayError) {
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), path.utf8.count <= 512 else {
            throw .invalidInput("the report directory must be a relative path inside the workspace")
        }
    }
}
