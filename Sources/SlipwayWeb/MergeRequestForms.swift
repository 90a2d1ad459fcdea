import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// What the merge request page's forms do: comment, approve (or withdraw), merge. Each goes
/// through the hosting service the CODING API calls, under the same access rule (commenting
/// and approving need read access and a writable depot, the service then refuses approvals by
/// anyone who may not write the target; merging needs write access), and is noted for the
/// operation log.
extension WebPages {
    /// The request named by the path, once the caller may read its depot; the depot must not be archived.
    func mergeRequestTarget(_ request: Request, _ context: AppRequestContext) async throws -> (RepositoryPage, DepotMergeRequest) {
        let page = try await repositoryPage(request, context)
        let mr = try await hosting.mergeRequest(try mergeRequestID(context), in: page.readable)
        guard !page.readable.depot.isArchived else {
            throw SlipwayError.failedPrecondition("depot \(page.depot) is archived and read-only; unarchive it first")
        }
        return (page, mr)
    }

    func noteMergeRequest(_ context: AppRequestContext, _ page: RepositoryPage, _ mr: DepotMergeRequest, _ action: String) {
        context.audit.note(
            function: "merge request", projectKey: page.project, detail: "\(action) \(page.depot)!\(mr.iid)", targets: [page.depot])
    }

    @Sendable func commentOnMergeRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (page, mr) = try await mergeRequestTarget(request, context)
        let content = state.form["content"]
        guard !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw SlipwayError.invalidInput("the comment is empty") }
        noteMergeRequest(context, page, mr, "comment on")
        _ = try await hosting.addNote(MergeRequestNote(mergeRequestID: mr.id, authorUID: page.user.uid, content: content), to: mr)
        return WebResponse.redirect(page.links.mergeRequest(mr.iid) + "#comments")
    }

    @Sendable func approveMergeRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (page, mr) = try await mergeRequestTarget(request, context)
        let approved = state.form["approved"] != "false"
        noteMergeRequest(context, page, mr, approved ? "approve" : "withdraw approval of")
        try await hosting.setApproval(approved, of: mr, in: page.readable.depot, by: page.user)
        return WebResponse.redirect(page.links.mergeRequest(mr.iid))
    }

    @Sendable func mergeMergeRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (page, mr) = try await mergeRequestTarget(request, context)
        guard page.readable.access.allowsRepositoryWrite else {
            throw SlipwayError.forbidden("no permission for this operation in project \(page.project)")
        }
        noteMergeRequest(context, page, mr, "merge")
        _ = try await hosting.merge(
            mr, in: page.readable.depot, by: page.user, options: MergeOptions(deleteSourceBranch: state.form["delete_source"] == "true"))
        return WebResponse.redirect(page.links.mergeRequest(mr.iid))
    }
}
