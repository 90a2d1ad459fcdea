/// A workflow status: its id, name, and class (`TODO`, `PROCESSING`, `COMPLETED`).
package struct IssueStatus: Sendable, Equatable {
    package enum Category: String, Sendable {
        case todo = "TODO"
        case processing = "PROCESSING"
        case completed = "COMPLETED"
    }

    package let id: Int64
    package let name: String
    package let category: Category
    package let summary: String

    package static let notStarted = IssueStatus(id: 1, name: "未开始", category: .todo, summary: "Not started")
    package static let inProgress = IssueStatus(id: 2, name: "处理中", category: .processing, summary: "Being worked on")
    package static let done = IssueStatus(id: 3, name: "已完成", category: .completed, summary: "Done")
    package static let pending = IssueStatus(id: 4, name: "待处理", category: .todo, summary: "Reported, not yet handled")
    package static let toVerify = IssueStatus(id: 5, name: "待验证", category: .processing, summary: "Fixed, waiting for verification")
    package static let closed = IssueStatus(id: 6, name: "已关闭", category: .completed, summary: "Verified and closed")

    package static let all: [IssueStatus] = [notStarted, inProgress, done, pending, toVerify, closed]

    package static func with(id: Int64) -> IssueStatus? { all.first { $0.id == id } }
}

/// The statuses of each issue type and the transitions allowed between them. A status change
/// outside these edges is refused.
package enum IssueWorkflow {
    /// The statuses of `kind`, in workflow order; the first is where a new issue starts.
    package static func statuses(of kind: IssueKind) -> [IssueStatus] {
        kind == .defect ? [.pending, .inProgress, .toVerify, .closed] : [.notStarted, .inProgress, .done]
    }

    package static func initial(of kind: IssueKind) -> IssueStatus { statuses(of: kind)[0] }

    /// The statuses an issue of `kind` may move to from `status`.
    package static func next(of kind: IssueKind, from status: Int64) -> [Int64] {
        switch (kind, status) {
        case (.defect, IssueStatus.pending.id): return [IssueStatus.inProgress.id, IssueStatus.closed.id]
        case (.defect, IssueStatus.inProgress.id): return [IssueStatus.pending.id, IssueStatus.toVerify.id]
        case (.defect, IssueStatus.toVerify.id): return [IssueStatus.inProgress.id, IssueStatus.closed.id]
        case (.defect, IssueStatus.closed.id): return [IssueStatus.pending.id]
        case (.defect, _): return []
        case (_, IssueStatus.notStarted.id): return [IssueStatus.inProgress.id]
        case (_, IssueStatus.inProgress.id): return [IssueStatus.notStarted.id, IssueStatus.done.id]
        case (_, IssueStatus.done.id): return [IssueStatus.inProgress.id]
        default: return []
        }
    }

    /// Refuses a move of an issue of `kind` from `from` to `to` that the workflow has no edge for.
    package static func check(_ kind: IssueKind, from: Int64, to: Int64) throws {
        guard statuses(of: kind).contains(where: { $0.id == to }) else {
            throw SlipwayError.invalidInput("status \(to) is not a status of \(kind.rawValue) issues")
        }
        guard from == to || next(of: kind, from: from).contains(to) else {
            let names = [from, to].map { IssueStatus.with(id: $0)?.name ?? "\($0)" }
            throw SlipwayError.failedPrecondition("a \(kind.rawValue) issue cannot move from \(names[0]) to \(names[1])")
        }
    }
}
