/// One entry of a merge request's activity log (CODING `DescribeMergeRequestLog`), recorded
/// by the write that caused it, oldest first.
package struct MergeRequestEvent: Sendable, Equatable {
    /// What happened. The names are CODING's where its document shows them (`create`,
    /// `update_content`); the others follow the same style.
    package enum Action: String, Sendable, CaseIterable {
        case create
        case updateTitle = "update_title"
        case updateContent = "update_content"
        case addReviewer = "add_reviewer"
        case deleteReviewer = "del_reviewer"
        case grant
        case grantUndo = "grant_undo"
        /// New commits on the source branch (by `git push` or an API write).
        case push
        /// Approvals withdrawn by the system because the source branch moved.
        case resetGrant = "reset_grant"
        case comment
        case merge
        case refuse
    }

    package var id: Int64
    package var mergeRequestID: Int64
    package var action: Action
    /// Who did it (the pusher for `push`/`resetGrant`).
    package var actorUID: String
    /// A short free-form note: the reviewer's account, the new source SHA…
    package var detail: String
    package var createdAt: EpochMillis

    package init(
        id: Int64 = 0, mergeRequestID: Int64, action: Action, actorUID: String, detail: String = "",
        createdAt: EpochMillis = .now()
    ) {
        self.id = id
        self.mergeRequestID = mergeRequestID
        self.action = action
        self.actorUID = actorUID
        self.detail = detail
        self.createdAt = createdAt
    }
}
