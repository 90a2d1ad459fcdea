import Foundation
import SlipwayCore
import SlipwayStore

/// Files attached to issues: uploaded first (`AttachmentService`), attached (by their uploader)
/// and detached through `FileIds`/`DelFileIds`, downloaded through a link (`AttachmentService.link`)
/// that names one file for one member and expires. A deleted issue's files stay, unattached, for their uploader.
extension IssueService {
    /// The attachments `input` attaches to and detaches from `issue`, and the log entries recording it.
    func fileChanges(_ input: IssueInput, issue: Issue, by uid: String, at now: Int64) async throws -> (
        attach: [Int64], detach: [Int64], entries: [IssueLogEntry]
    ) {
        let added = Array(Set(input.addedFileIDs)).sorted(), removed = Array(Set(input.removedFileIDs)).sorted()
        guard added.count + removed.count <= 100 else { throw SlipwayError.invalidInput("at most 100 FileIds and DelFileIds at once") }
        let found = try await store.issueAttachments.attachments(projectKey: issue.projectKey, ids: added + removed)
        var entries: [IssueLogEntry] = []
        func entry(_ action: String, _ file: IssueAttachment) {
            let content = Self.text(.object(["id": .number(Double(file.id)), "name": .string(file.fileName)]))
            entries.append(
                IssueLogEntry(
                    issueID: issue.id, action: action, target: "ATTACHMENT", targetName: "附件", content: content, creatorUID: uid, createdAt: now))
        }
        var attach: [Int64] = []
        for id in added {
            guard let file = found.first(where: { $0.id == id }), file.size != nil,
                !file.isAttached ? file.ownerUID == uid : file.issueID == issue.id && issue.id != 0
            else { throw SlipwayError.invalidInput("FileIds: \(id) is not a file you uploaded to project \(issue.projectKey) and left unattached") }
            if !file.isAttached {
                attach.append(id)
                entry("ADD", file)
            }
        }
        for id in removed {
            guard let file = found.first(where: { $0.id == id }), issue.id != 0, file.issueID == issue.id else {
                throw SlipwayError.invalidInput("DelFileIds: \(id) is not attached to issue \(issue.code)")
            }
            entry("REMOVE", file)
        }
        return (attach, removed, entries)
    }

    /// A download link for file `fileID` of an issue of the project: its secret and when it expires.
    package func fileLink(projectKey: String, fileID: Int64, by user: User) async throws -> (secret: String, expiresAt: Int64) {
        try await access.require(user, projectKey: projectKey, write: false)
        guard let file = try await store.issueAttachments.attachments(projectKey: projectKey, ids: [fileID]).first, file.issueID != nil else {
            throw SlipwayError.notFound("file \(fileID) is not attached to an issue of project \(projectKey)")
        }
        return try await AttachmentService(context).link(file, for: user)
    }
}
