/// An asynchronous ZIP job on a project's wiki: an import (new pages under a parent) or an
/// update (one page's content). Its status is kept in the database.
package struct WikiJob: Sendable, Equatable {
    package enum Kind: String, Sendable {
        case `import` = "IMPORT"
        case update = "UPDATE"
    }

    package enum Status: String, Sendable {
        case waiting = "WAIT_PROCESS"
        case processing = "PROCESSING"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
    }

    /// A random public id.
    package var id: String
    package var projectKey: String
    package var kind: Kind
    package var status: Status = .waiting
    /// The parent of an import, the page of an update.
    package var targetIid: Int64
    /// The upload the ZIP came in.
    package var uploadKey: String
    package var creatorUID: String
    /// Why a failed job failed.
    package var message: String = ""
    package var createdAt: EpochMillis
    package var updatedAt: EpochMillis

    package init(id: String, projectKey: String, kind: Kind, targetIid: Int64, uploadKey: String, creatorUID: String, at now: EpochMillis) {
        self.id = id
        self.projectKey = projectKey
        self.kind = kind
        self.targetIid = targetIid
        self.uploadKey = uploadKey
        self.creatorUID = creatorUID
        createdAt = now
        updatedAt = now
    }
}
