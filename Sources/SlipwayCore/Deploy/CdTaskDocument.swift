/// A CD task as `TaskJsonContent` describes it: jobs that create, change or delete applications
/// (`{"job":[{"type":"createApplication","application":{…},"user":…}],"application":…,"description":…}`).
/// Jobs of any other type are refused when the task is read, never skipped.
package struct CdTaskDocument: Sendable, Equatable {
    package enum JobType: String, Sendable, CaseIterable {
        case createApplication, updateApplication, deleteApplication
    }

    package struct Job: Sendable, Equatable {
        package var type: JobType
        /// The application's fields as sent (`name`, `cloudProviders`, `description`, `email`, `instancePort`).
        package var name: String
        package var cloudProviders: String?
        package var description: String?
        package var email: String?
        package var instancePort: Int?
    }

    package var application: String
    package var description: String
    package var jobs: [Job]

    /// At most this many jobs in one task, and this many bytes of JSON.
    package static let maxJobs = 50
    package static let maxBytes = 256 * 1024

    /// Read `TaskJsonContent`; throws `invalidInput` naming what is wrong.
    package init(json text: String) throws(SlipwayError) {
        let document: JSONValue?
        do {
            document = try BoundedYAML(maxBytes: Self.maxBytes, maxDepth: 32, maxNodes: 20_000).parse(text)
        } catch {
            throw .invalidInput("TaskJsonContent is not valid JSON: \(error)")
        }
        guard case .object(let root)? = document, text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") else {
            throw .invalidInput("TaskJsonContent must be a JSON object")
        }
        guard case .array(let jobs)? = root["job"], !jobs.isEmpty else { throw .invalidInput("TaskJsonContent.job must list at least one job") }
        guard jobs.count <= Self.maxJobs else { throw .invalidInput("TaskJsonContent.job holds at most \(Self.maxJobs) jobs") }
        self.jobs = try jobs.enumerated().map { (index, job) throws(SlipwayError) in try Self.job(job, at: index) }
        self.application = root["application"]?.string ?? self.jobs[0].name
        self.description = root["description"]?.string ?? ""
        guard self.jobs.allSatisfy({ $0.name == application }) else {
            throw .invalidInput("every job of a task acts on its application \(application)")
        }
    }

    static func job(_ value: JSONValue, at index: Int) throws(SlipwayError) -> Job {
        let path = "TaskJsonContent.job[\(index)]"
        guard case .object(let job) = value else { throw .invalidInput("\(path) must be an object") }
        let raw = job["type"]?.string ?? ""
        guard let type = JobType(rawValue: raw) else {
            let known = JobType.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidInput("\(path).type \(raw.debugDescription) is not a CD task job Slipway runs (\(known))")
        }
        guard case .object(let app)? = job["application"] else { throw .invalidInput("\(path).application must be an object") }
        guard let name = app["name"]?.string else { throw .invalidInput("\(path).application.name is required") }
        if let problem = CdApplication.nameProblem(name) { throw .invalidInput("\(path): \(problem)") }
        var providers: String?
        if let given = app["cloudProviders"] {
            guard let text = given.string else { throw .invalidInput("\(path).application.cloudProviders must be a string") }
            let unknown = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !CdApplication.providers.contains($0) }
            guard unknown.isEmpty else { throw .invalidInput("\(path).application.cloudProviders: unknown \(unknown.joined(separator: ", "))") }
            providers = text
        }
        var port: Int?
        if let given = app["instancePort"] {
            guard let value = given.int, (1...65535).contains(value) else {
                throw .invalidInput("\(path).application.instancePort must be a port number")
            }
            port = value
        }
        for field in ["description", "email"] where app[field] != nil && app[field]?.string == nil {
            throw .invalidInput("\(path).application.\(field) must be a string")
        }
        return Job(
            type: type, name: name, cloudProviders: providers, description: app["description"]?.string, email: app["email"]?.string,
            instancePort: port)
    }
}
