import Foundation
import SlipwayCore
import SlipwayGit

extension CIService {
    /// Builds on pushes: every job of the pushed depot with the `REF_CHANGE` trigger whose rule
    /// matches the ref starts a build of the pushed commit, as the pusher. The composition root
    /// subscribes this once.
    package func subscribeToPushes() {
        let service = self
        context.events.subscribe { event in
            guard case .pushed(let push) = event else { return }
            await service.pushed(push)
        }
    }

    func pushed(_ push: DepotPush) async {
        guard !push.event.deleted, let pusher = push.event.pusher else { return }
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
    /// when a newer one starts.
    func cancelSuperseded(by build: CIBuild, job: CIJob, user: User) async {
        guard job.autoCancelSameRevision, !build.branch.isEmpty else { return }
        do {
            let recent = try await store.ci.builds(jobID: job.id, page: 1, pageSize: 50).builds
            for older in recent where older.id != build.id && older.branch == build.branch && older.number < build.number && older.taskID > 0 {
                guard let task = try await store.tasks.get(workflowKey: job.workflowKey, taskID: older.taskID), !task.status.isCompleted else { continue }
                try await context.engine.cancel(workflowKey: job.workflowKey, taskID: older.taskID, by: user.account)
            }
        } catch {
            context.logger.warning("auto-cancel of superseded CI builds failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }
}
