import Foundation
import SlipwayCore
import SlipwayStore

/// `zadig-build`, `zadig-test` and `zadig-scanning` jobs: each target names a stored build, test or scan of the task's
/// project; its repositories are checked out into the workspace and its script runs there, with
/// its parameters (the job's values first) exported as environment variables. A test's JUnit
/// reports are then read from its report directory and every case's result is stored for the
/// run, with the commit it ran on; a scan's report file and quality gate are stored likewise.
package struct QualityJobExecutor: JobExecutor {
    let store: Store
    let backend: any ExecutionBackend
    /// Repositories on this server's disk are checked out by the server, outside the sandbox.
    let checkout: HostedCheckout

    package init(store: Store, backend: any ExecutionBackend = HostBackend(), repositoriesDirectory: URL) {
        self.init(store: store, backend: backend, checkout: HostedCheckout(repositoriesDirectory: repositoriesDirectory))
    }

    init(store: Store, backend: any ExecutionBackend, checkout: HostedCheckout) {
        self.store = store
        self.backend = backend
        self.checkout = checkout
    }

    enum Kind: String {
        case build, test, scan
    }

    /// What one target runs, resolved from its stored definition.
    struct Work {
        var kind: Kind
        var name: String
        var repos: [GitCloneSource]
        var script: String
        var environment: [String: String]
        var secrets: [String]
        /// Tests: the directory of the JUnit reports; scans: the report file (relative to the workspace).
        var reportPath: String = ""
        /// Scans: whether the script's exit status is a quality gate.
        var qualityGate = false
        /// Builds: the image their `docker_build` step makes and pushes after the script.
        var image: ImageBuild.Request? = nil
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        let plan: QualityJobPlan
        switch context.plan {
        case .zadigBuild(let p), .zadigTest(let p), .zadigScanning(let p): plan = p
        default: return .wrongPlan(context)
        }
        let kind: Kind = context.plan.type == .zadigTest ? .test : context.plan.type == .zadigScanning ? .scan : .build
        for (index, target) in plan.targets.enumerated() {
            if Task.isCancelled { return JobOutcome(.cancelled) }
            let work: Work
            do { work = try await resolve(target, kind: kind, context: context) } catch {
                return JobOutcome(.failed, error: "\(error)")
            }
            var targetContext = context
            if plan.targets.count > 1 {
                targetContext.workspace = context.workspace.appendingPathComponent("\(index)-\(work.name)", isDirectory: true)
                do { try FileManager.default.createDirectory(at: targetContext.workspace, withIntermediateDirectories: true) } catch {
                    return JobOutcome(.failed, error: "cannot prepare the workspace of \(work.name): \(error.localizedDescription)")
                }
            }
            let secrets = work.secrets.filter { !$0.isEmpty }
            if !secrets.isEmpty {
                targetContext.log = { [log = context.log] line in
                    await log(secrets.reduce(line) { $0.replacingOccurrences(of: $1, with: "********") })
                }
            }
            await targetContext.log("=== \(kind.rawValue) \(work.name) ===")
            // Several tests of one job keep their results apart.
            let recordAs = plan.targets.count > 1 ? "\(context.jobName)/\(work.name)" : context.jobName
            let outcome = await run(work, recordAs: recordAs, context: targetContext)
            if outcome.status != .passed {
                if !outcome.error.isEmpty { await targetContext.log(outcome.error) }
                return outcome
            }
        }
        return .passed
    }

    /// The definition a target names, in the task's project, with the job's values applied.
    func resolve(_ target: QualityJobTarget, kind: Kind, context: JobContext) async throws -> Work {
        let project = context.projectKey
        if !target.projectKey.isEmpty, target.projectKey != project {
            throw QualityJobFailure("\(kind.rawValue) \(target.definition) belongs to project \(target.projectKey), not to this task's project")
        }
        func missing() -> QualityJobFailure { QualityJobFailure("\(kind.rawValue) \(target.definition) not found in project \(project)") }
        var work: Work
        let parameters: [QualityParameter]
        let repos: [JSONValue]
        switch kind {
        case .test:
            guard let test = try await store.quality.get(TestDefinition.self, project: project, name: target.definition) else { throw missing() }
            work = Work(kind: kind, name: target.definition, repos: [], script: test.script, environment: [:], secrets: [], reportPath: test.reportDirectory)
            (parameters, repos) = (test.parameters, test.repos)
        case .scan:
            guard let scan = try await store.quality.get(ScanDefinition.self, project: project, name: target.definition) else { throw missing() }
            work = Work(
                kind: kind, name: target.definition, repos: [], script: scan.script, environment: [:], secrets: [], reportPath: scan.reportPath,
                qualityGate: scan.enableQualityGate)
            (parameters, repos) = (scan.parameters, scan.repos)
        case .build:
            guard let build = try await store.quality.get(BuildDefinition.self, project: project, name: target.definition) else { throw missing() }
            work = Work(kind: kind, name: target.definition, repos: [], script: build.script, environment: [:], secrets: [])
            work.image = try await imageBuild(of: build, target: target, context: context)
            (parameters, repos) = (build.parameters, build.repos)
        }
        let sources: [GitCloneSource]
        do { sources = try BuildDefinition.cloneSources(repos, overrides: target.repos) } catch {
            throw QualityJobFailure("\(kind.rawValue) \(target.definition): \(error)")
        }
        var environment: [String: String] = [:]
        var secrets: [String] = []
        for parameter in parameters {
            let value = target.values[parameter.key] ?? parameter.value
            environment[parameter.key] = value
            if parameter.isCredential { secrets.append(value) }
        }
        environment[kind == .test ? "TEST_NAME" : kind == .scan ? "SCAN_NAME" : "BUILD_NAME"] = target.definition
        if !target.serviceName.isEmpty {
            environment["SERVICE_NAME"] = target.serviceName
            environment["SERVICE_MODULE"] = target.serviceModule
            environment["SERVICE"] = target.serviceModule
        }
        for (index, source) in sources.enumerated() {
            let name = source.directoryName
            let variable = Self.variableName(name)
            environment["REPONAME_\(index)"] = name
            environment["REPO_\(index)"] = variable
            environment["\(variable)_BRANCH"] = source.branch
            if !source.tag.isEmpty { environment["\(variable)_TAG"] = source.tag }
            if let pr = source.pullRequests.first { environment["\(variable)_PR"] = String(pr) }
        }
        if let image = work.image {
            environment["IMAGE"] = image.image
            secrets.append(image.registry.secretKey)
        }
        work.repos = sources
        work.environment = environment
        work.secrets = secrets
        return work
    }

    /// A repository name as part of a variable name: `-` and `.` become `_`.
    static func variableName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    func run(_ work: Work, recordAs: String, context: JobContext) async -> JobOutcome {
        var commit = ""
        for source in work.repos {
            let outcome = await checkOut(source, context: context)
            if outcome.status != .passed { return outcome }
            if commit.isEmpty {
                commit = QualityFiles.headCommit(of: context.workspace.appendingPathComponent(source.directoryName), in: context.jobDirectory) ?? ""
            }
        }
        var environment = work.environment
        if !commit.isEmpty, let first = work.repos.first { environment["\(Self.variableName(first.directoryName))_COMMIT_ID"] = commit }
        let outcome = await ShellScript(backend: backend).run(work.script, context: context, extraEnvironment: environment)
        guard outcome.status != .cancelled else { return outcome }
        let recorded: JobOutcome
        switch work.kind {
        case .build:
            guard outcome.status == .passed, let image = work.image else { return outcome }
            return await buildImage(image, context: context)
        case .test: recorded = await record(reportDirectory: work.reportPath, test: work.name, commit: commit, as: recordAs, context: context)
        case .scan:
            let scanned = await recordScan(work, passed: outcome.status == .passed, as: recordAs, context: context)
            return scanned.status == .passed ? outcome : scanned
        }
        return outcome.status == .passed ? recorded : outcome
    }

    /// Check out one repository: on this server's disk by the server (only the task's project's
    /// depots), anything else where the job runs.
    func checkOut(_ source: GitCloneSource, context: JobContext) async -> JobOutcome {
        guard let local = hostedPath(of: source) else {
            return await GitCheckout(backend: backend).run(repos: [source], context: context)
        }
        guard checkout.allows(local, projectKey: context.projectKey) else {
            return JobOutcome(.failed, error: "git: the repository \(source.repoName ?? local) is not one of project \(context.projectKey)'s")
        }
        var hostContext = context
        hostContext.environment = [
            "PATH": context.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "HOME": "/",
            "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
        ]
        var hosted = source
        hosted.url = local
        return await GitCheckout(backend: HostBackend()).run(repos: [hosted], context: hostContext)
    }

    /// The path on this server's disk of a repository given as a local path, or as a depot of this
    /// server (`repo_owner`/`repo_namespace` the project, `repo_name` the depot) when it has no URL
    /// or address; nil for a repository elsewhere.
    func hostedPath(of source: GitCloneSource) -> String? {
        if let url = source.cloneURL {
            guard HostedCheckout.isLocal(url) else { return nil }
            let path = url.hasPrefix("file://") ? String(url.dropFirst(7)) : url
            let root = SandboxBackend.absolute(checkout.repositoriesDirectory)
            return SandboxBackend.absolute(URL(fileURLWithPath: path)).hasPrefix(root + "/") ? path : nil
        }
        guard let name = source.repoName, !source.namespace.isEmpty, !name.contains("/"), !source.namespace.contains("/"),
            !name.hasPrefix("."), !source.namespace.hasPrefix(".")
        else { return nil }
        let root = checkout.repositoriesDirectory
        let teams = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        for team in teams.sorted() where !team.hasPrefix(".") {
            let candidate = root.appendingPathComponent(team).appendingPathComponent(source.namespace).appendingPathComponent("\(name).git")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue { return candidate.path }
        }
        return nil
    }

    /// Read the JUnit reports a test left and store its cases for this run.
    func record(reportDirectory: String, test: String, commit: String, as jobName: String, context: JobContext) async -> JobOutcome {
        let directory = reportDirectory.isEmpty ? context.workspace : context.workspace.appendingPathComponent(reportDirectory)
        let collected = JUnitReportCollector.collect(in: directory, jobDirectory: context.jobDirectory)
        for problem in collected.problems { await context.log("junit: \(problem)") }
        let totals = collected.report.totals
        await context.log(
            "junit: \(collected.files) file(s), \(totals.total) case(s): \(totals.passed) passed, \(totals.failed) failed, "
                + "\(totals.errors) errors, \(totals.skipped) skipped")
        let results = TestCaseResult.results(
            of: collected.report, projectKey: context.projectKey, testName: test, workflowKey: context.workflowKey, taskID: context.taskID,
            jobName: jobName, commit: commit)
        do {
            try await store.quality.record(results, workflowKey: context.workflowKey, taskID: context.taskID, jobName: jobName)
        } catch {
            return JobOutcome(.failed, error: "junit: the results could not be stored: \(error)")
        }
        return .passed
    }
}

/// Why a target could not start.
struct QualityJobFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
