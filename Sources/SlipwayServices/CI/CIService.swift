import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayStore

/// CODING CI: jobs (a depot, a Jenkinsfile, variables, caches) that run as engine workflows,
/// and their builds (tasks of those workflows).
///
/// Who may do what, as for a project's repositories: members with developer access create,
/// change, trigger, stop and delete; read-only members read; anyone else is told the job or
/// build does not exist.
package struct CIService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }

    /// The one job of a build's workflow.
    static let jobName = "pipeline"

    /// Check `user`'s access to `projectKey`: read (`write` false) or developer-level. A caller
    /// who cannot see the project learns only that `what` is not found.
    func require(_ user: User, projectKey: String, write: Bool, what: String) async throws {
        guard let access = try await store.access.access(user: user, projectKey: projectKey), access.allows(.view) else {
            throw SlipwayError.notFound("\(what) not found")
        }
        if write, !access.allowsRepositoryWrite {
            throw SlipwayError.forbidden("\(what) needs developer access to project \(projectKey)")
        }
    }

    /// A job and its secret values, after the access check.
    package func job(_ id: Int64, by user: User, write: Bool = false) async throws -> (job: CIJob, secrets: [String: String]) {
        guard let found = try await store.ci.job(id: id) else { throw SlipwayError.notFound("CI job \(id) not found") }
        try await require(user, projectKey: found.job.projectKey, write: write, what: "CI job \(id)")
        return found
    }

    /// The jobs of a project the caller can see, optionally only those named in `names`.
    package func jobs(projectKey: String, by user: User, names: [String] = []) async throws -> [CIJob] {
        try await require(user, projectKey: projectKey, write: false, what: "project \(projectKey)")
        let jobs = try await store.ci.jobs(projectKey: projectKey)
        return names.isEmpty ? jobs : jobs.filter { names.contains($0.name) }
    }

    /// Create a job: checked (`CIJobRules`), its Jenkinsfile parsed, its workflow saved.
    package func createJob(_ input: CIJob, secrets: [String: String], by user: User) async throws -> CIJob {
        try await require(user, projectKey: input.projectKey, write: true, what: "project \(input.projectKey)")
        var job = input
        try await check(job)
        let now = EpochMillis.now()
        job.creatorUID = user.uid
        job.createdAt = now
        job.updatedAt = now
        let stored = try await store.ci.createJob(job, secrets: secrets)
        do {
            try await store.workflows.create(try await workflow(for: stored, creator: user), by: user.account)
        } catch {
            try? await store.ci.deleteJob(id: stored.id)
            throw error
        }
        return stored
    }

    /// Replace a job's configuration. A sensitive variable sent with an empty value keeps its
    /// stored value (lists never return it).
    package func modifyJob(_ input: CIJob, secrets given: [String: String], by user: User) async throws {
        let (old, oldSecrets) = try await job(input.id, by: user, write: true)
        guard input.projectKey == old.projectKey else {
            throw SlipwayError.invalidInput("ProjectId does not match the job's project")
        }
        var job = input
        try await check(job)
        var secrets = given
        for variable in job.env where variable.sensitive && (secrets[variable.name] ?? "").isEmpty {
            secrets[variable.name] = oldSecrets[variable.name] ?? ""
        }
        job.workflowKey = old.workflowKey
        job.creatorUID = old.creatorUID
        job.createdAt = old.createdAt
        job.updatedAt = EpochMillis.now()
        try await store.ci.updateJob(job, secrets: secrets)
        try await store.workflows.update(try await workflow(for: job, creator: user))
    }

    /// Delete a job, its builds and its workflow (running builds are stopped).
    package func deleteJob(_ id: Int64, by user: User) async throws {
        let (job, _) = try await job(id, by: user, write: true)
        if let workflow = try await store.workflows.get(key: job.workflowKey) {
            await context.engine.forgetDeleted(workflowKeys: [workflow.key], by: user.account)
            try await store.workflows.delete(key: workflow.key, projectKey: job.projectKey)
        }
        try await store.ci.deleteJob(id: id)
        try? FileManager.default.removeItem(at: context.engine.ciCacheDirectory(jobID: id))
    }

    /// Remove a job's caches: the next build starts without them.
    package func clearCache(_ id: Int64, by user: User) async throws {
        _ = try await job(id, by: user, write: true)
        let directory = context.engine.ciCacheDirectory(jobID: id)
        if FileManager.default.fileExists(atPath: directory.path) { try FileManager.default.removeItem(at: directory) }
    }

    /// The rules a job must meet to be saved; a static Jenkinsfile must parse, and an SCM one
    /// too when the depot's default branch has it.
    func check(_ job: CIJob) async throws {
        try CIJobRules.check(job)
        if job.depotType != "NONE" {
            guard let depot = try await store.depots.get(id: job.depotID), depot.projectKey == job.projectKey else {
                throw SlipwayError.invalidInput("DepotId \(job.depotID) is not a depot of project \(job.projectKey)")
            }
            if job.jenkinsFileFromType == "SCM" {
                let repository = try context.depots.repository(depot)
                if let branch = try await repository.defaultBranch(),
                    let text = try await jenkinsfile(in: repository, at: branch, path: job.jenkinsFilePath, required: false)
                {
                    try Self.parse(text, field: "JenkinsFilePath \(job.jenkinsFilePath)")
                }
            }
        }
        if job.jenkinsFileFromType == "STATIC" { try Self.parse(job.jenkinsFileStaticContent, field: "JenkinsFileStaticContent") }
    }

    /// Parse a Jenkinsfile; refused as `invalidInput("<field>: Jenkinsfile line L:C: …")`.
    @discardableResult
    static func parse(_ text: String, field: String) throws -> JenkinsPipeline {
        do { return try JenkinsPipeline.parse(text) } catch { throw SlipwayError.invalidInput("\(field): \(error.description)") }
    }

    /// The Jenkinsfile at `path` of `revision`; nil when absent and not `required`.
    func jenkinsfile(in repository: GitRepository, at revision: String, path: String, required: Bool) async throws -> String? {
        let blob: Blob
        do {
            blob = try await repository.blob(at: revision, path: path, maxBytes: JenkinsfileLimits.maxBytes)
        } catch SlipwayError.notFound {
            if !required { return nil }
            throw SlipwayError.invalidInput("Jenkinsfile \(path) not found at \(revision.prefix(40))")
        }
        guard let content = blob.content, !blob.isBinary else {
            throw SlipwayError.invalidInput("Jenkinsfile \(path) is binary or larger than \(JenkinsfileLimits.maxBytes) bytes")
        }
        return String(decoding: content, as: UTF8.self)
    }
}

extension CIService {
    /// The bytes a job's caches take now.
    package func cacheSize(jobID: Int64) -> Int64 {
        let root = context.engine.ciCacheDirectory(jobID: jobID)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) else { return 0 }
        var total: Int64 = 0
        while let url = walker.nextObject() as? URL {
            let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { total += Int64(values?.fileSize ?? 0) }
        }
        return total
    }
}
