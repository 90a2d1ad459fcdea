import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayStore

extension CIService {
    /// What CI hears on the bus (the composition root subscribes this once): pushes start the
    /// builds of `REF_CHANGE` jobs whose rule matches, merge requests opened or pushed to start
    /// those of `MR_CHANGE` jobs, a build's end sets its commit status, and a deleted depot's jobs
    /// (gone with it) leave no workflow behind.
    package func subscribe() {
        let service = self
        context.events.subscribe { event in
            switch event {
            case .pushed(let push): await service.pushed(push)
            case .mergeRequest(let request, let action) where [.create, .push].contains(action): await service.mergeRequest(request)
            case .task(let task, let event) where task.workflowKey.hasPrefix(CIJob.workflowKeyPrefix): await service.ended(task, event)
            case .depotDeleted(let depot): await service.dropOrphanWorkflows(projectKey: depot.projectKey)
            default: break
            }
        }
    }

    /// A push to the source branch of an open merge request moves it: its `MR_CHANGE` builds
    /// run again on the new tip (once per push, however many requests share the branch).
    func movedMergeRequest(_ push: DepotPush, pusher: Pusher) async {
        guard let branch = RefName(full: push.event.ref).branchName else { return }
        do {
            guard try await store.ci.jobs(depotID: push.depot.id).contains(where: { $0.triggerMethods.contains("MR_CHANGE") }) else { return }
            var filter = MergeRequestFilter(depotIDs: [push.depot.id])
            filter.states = [.open]
            filter.sourceBranches = [branch]
            guard var request = try await store.mergeRequests.list(filter, page: 1, pageSize: 1).rows.first else { return }
            request.sourceSHA = push.event.after
            request.actorUID = pusher.id
            await mergeRequest(request)
        } catch {
            context.logger.warning("CI merge request triggers failed", metadata: ["depot": "\(push.depot.id)", "error": "\(error)"])
        }
    }

    /// A merge request opened or moved: builds of its source tip for the depot's `MR_CHANGE` jobs.
    func mergeRequest(_ request: DepotMergeRequest) async {
        guard request.state == .open, !request.sourceSHA.isEmpty else { return }
        do {
            let jobs = try await store.ci.jobs(depotID: request.depotID).filter { $0.triggerMethods.contains("MR_CHANGE") }
            let uid = request.actorUID.isEmpty ? request.authorUID : request.actorUID
            guard !jobs.isEmpty, let user = try await store.users.find(uid: uid) else { return }
            for job in jobs {
                do {
                    _ = try await trigger(
                        jobID: job.id, revision: request.sourceSHA, branch: request.sourceBranch, params: [], by: user, method: "MR_CHANGE",
                        cause: "merge request !\(request.iid) \(request.sourceBranch) → \(request.targetBranch)")
                } catch {
                    context.logger.warning("a merge request did not start its CI build", metadata: ["job": "\(job.id)", "error": "\(error)"])
                }
            }
        } catch {
            context.logger.warning("CI merge request triggers failed", metadata: ["depot": "\(request.depotID)", "error": "\(error)"])
        }
    }

    /// The commit status of a build (context: the job's name), so branch protection's required
    /// status checks see CI: pending when it starts, then its result.
    func setStatus(_ build: CIBuild, job: CIJob, _ state: CommitStatus.State, _ description: String) async {
        guard job.depotID > 0, !build.commit.isEmpty else { return }
        do {
            try await store.branchProtections.setStatus(
                CommitStatus(
                    depotID: job.depotID, sha: build.commit, context: job.name, state: state, targetURL: "", description: description,
                    creatorUID: build.creatorUID))
        } catch {
            context.logger.warning("could not set a CI commit status", metadata: ["build": "\(build.id)", "error": "\(error)"])
        }
    }

    /// A build's task ended: its commit status follows.
    func ended(_ task: WorkflowTask, _ event: TaskEvent) async {
        let state: CommitStatus.State
        switch event {
        case .passed:
            // An unstable build (failing tests) must not turn a required status check green.
            state = Self.isUnstable(task) ? .failure : .success
        case .failed, .timeout: state = .failure
        case .cancelled, .reject: state = .error
        case .created, .running: return
        }
        guard let jobID = Int64(task.workflowKey.dropFirst(CIJob.workflowKeyPrefix.count)) else { return }
        do {
            guard let (job, _) = try await store.ci.job(id: jobID), let build = try await store.ci.build(jobID: jobID, taskID: task.taskID) else { return }
            await setStatus(build, job: job, state, "build #\(build.number) \(event.rawValue)")
        } catch {
            context.logger.warning("could not read a CI build", metadata: ["task": "\(task.workflowKey)-\(task.taskID)", "error": "\(error)"])
        }
    }

    func pushed(_ push: DepotPush) async {
        guard !push.event.deleted, let pusher = push.event.pusher else { return }
        await movedMergeRequest(push, pusher: pusher)
        do {
            let jobs = try await store.ci.jobs(depotID: push.depot.id).filter {
                $0.triggerMethods.contains("REF_CHANGE") && Self.matches($0, ref: push.event.ref)
            }
            guard !jobs.isEmpty, let user = try await store.users.find(uid: pusher.id) else { return }
            let ref = RefName(full: push.event.ref)
            for job in jobs {
                do {
                    _ = try await trigger(
                        jobID: job.id, revision: push.event.after, branch: ref.branchName ?? "", params: [], by: user, method: "REF_CHANGE",
                        cause: "pushed to \(ref.branchName ?? ref.tagName ?? push.event.ref) by \(pusher.name)")
                } catch {
                    context.logger.warning(
                        "a push did not start its CI build", metadata: ["job": "\(job.id)", "ref": "\(push.event.ref)", "error": "\(error)"])
                }
            }
        } catch {
            context.logger.warning("CI push triggers failed", metadata: ["depot": "\(push.depot.id)", "error": "\(error)"])
        }
    }

    /// Whether a push to `ref` (full name) builds `job`: `DEFAULT` the branch `BranchSelector`
    /// (an Ant-style pattern), `BRANCH` any branch, `TAG` any tag, `CUSTOM` refs matching `BranchRegex`.
    package static func matches(_ job: CIJob, ref: String) -> Bool {
        let name = RefName(full: ref)
        switch job.hookType {
        case "DEFAULT":
            guard let branch = name.branchName else { return false }
            return JenkinsGlob.matches(job.branchSelector, branch)
        case "BRANCH": return name.isBranch
        case "TAG": return name.isTag
        case "CUSTOM":
            guard let regex = try? Regex(job.branchRegex) else { return false }
            return (try? regex.wholeMatch(in: ref)) != nil
        default: return false
        }
    }

    /// With `AutoCancelSameRevision`, builds of the same branch that have not ended are stopped
    /// when a newer one starts; with `AutoCancelSameMergeRequest`, older merge request builds of
    /// the same source branch.
    func cancelSuperseded(by build: CIBuild, job: CIJob, user: User) async {
        guard job.autoCancelSameRevision || job.autoCancelSameMergeRequest, !build.branch.isEmpty else { return }
        do {
            let recent = try await store.ci.builds(jobID: job.id, page: 1, pageSize: 50).builds
            for older in recent where older.id != build.id && older.branch == build.branch && older.number < build.number && older.taskID > 0 {
                let sameRevision = job.autoCancelSameRevision
                let sameRequest = job.autoCancelSameMergeRequest && build.triggerMethod == "MR_CHANGE" && older.triggerMethod == "MR_CHANGE"
                guard sameRevision || sameRequest else { continue }
                guard let task = try await store.tasks.get(workflowKey: job.workflowKey, taskID: older.taskID), !task.status.isCompleted else { continue }
                try await context.engine.cancel(workflowKey: job.workflowKey, taskID: older.taskID, by: user.account)
            }
        } catch {
            context.logger.warning("auto-cancel of superseded CI builds failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }
}

extension CIService {
    /// Delete the workflows of `projectKey`'s CI jobs that no longer exist (their depot was
    /// deleted, and the jobs with it), stopping what they run.
    func dropOrphanWorkflows(projectKey: String) async {
        do {
            for workflow in try await store.workflows.list(projectKey: projectKey) where workflow.key.hasPrefix(CIJob.workflowKeyPrefix) {
                guard let id = Int64(workflow.key.dropFirst(CIJob.workflowKeyPrefix.count)), try await store.ci.job(id: id) == nil else { continue }
                await context.engine.forgetDeleted(workflowKeys: [workflow.key], by: "system")
                try await store.workflows.delete(key: workflow.key, projectKey: projectKey)
                try? FileManager.default.removeItem(at: context.engine.ciCacheDirectory(jobID: id))
            }
        } catch {
            context.logger.warning("could not remove the workflows of deleted CI jobs", metadata: ["project": "\(projectKey)", "error": "\(error)"])
        }
    }
}
