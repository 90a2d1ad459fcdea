import SlipwayCore

/// Why a pipeline operation failed, where a dialect may answer with its own code for it. Every
/// other failure is a plain `SlipwayError` (not found, forbidden, bad input…).
package enum PipelineError: Error, Sendable, Equatable {
    /// Saving a new workflow: its key is taken.
    case workflowExists(String)
    /// Saving a changed workflow: the store refused the write (gone, or moved to another project).
    case saveRefused(SlipwayError)
    /// Deleting a workflow: the store refused (unknown, or tasks still unfinished).
    case deleteRefused(SlipwayError)
    /// Running a workflow: the approval-ticket gate or the engine refused the run.
    case runRefused(String)
    /// Retrying a task: it is running, queued or passed.
    case notRetryable(String)
    /// Changing a workflow view: the store refused (unknown view or workflow, name taken…).
    case viewRefused(ViewChange, SlipwayError)

    /// What was being done to a workflow view.
    package enum ViewChange: Sendable, Equatable {
        case create, update, delete
    }

    /// The dialect-neutral error, for a dialect without a code of its own for this failure.
    package var underlying: SlipwayError {
        switch self {
        case .workflowExists(let message): .conflict(message)
        case .saveRefused(let error), .deleteRefused(let error), .viewRefused(_, let error): error
        case .runRefused(let message), .notRetryable(let message): .failedPrecondition(message)
        }
    }

    /// Runs a store write, reporting its refusals (missing rows, conflicts, unmet preconditions,
    /// failures) as `refused`; bad input and permission errors pass unchanged.
    static func mapping<T>(_ refused: (SlipwayError) -> PipelineError, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SlipwayError {
            switch error {
            case .notFound, .conflict, .failedPrecondition, .internalError: throw refused(error)
            default: throw error
            }
        }
    }
}
