import SlipwayCore
import SlipwayStore

/// Comments on issues, and the description on its own.
extension IssueService {
    static let maxCommentBytes = 65_536

    /// Add a comment (a reply to comment `parentID` when not 0).
    package func addComment(projectKey: String, code: Int64, content: String, parentID: Int64, by user: User) async throws -> IssueComment {
        let issue = try await find(projectKey: projectKey, code: code, by: user, write: true)
        try Self.check(content)
        if parentID != 0, try await store.issues.comment(id: parentID, issueID: issue.id) == nil {
            throw SlipwayError.invalidInput("comment \(parentID) is not a comment of issue \(code)")
        }
        let now = EpochMillis.now()
        let uid = user.uid
        return try await store.issues.addComment(
            IssueComment(issueID: issue.id, parentID: parentID, content: content, creatorUID: uid, createdAt: now, updatedAt: now),
            projectKey: projectKey
        ) { db, id in
            let logged = Self.text(.object(["id": .number(Double(id)), "content": .string(String(content.prefix(2000)))]))
            let entry = IssueLogEntry(
                issueID: issue.id, action: "ADD", target: "COMMENT", targetName: "评论", content: logged, creatorUID: uid, createdAt: now)
            try await IssueActivityRepository.insert([entry], issueID: issue.id, projectKey: projectKey, db)
        }
    }

    /// Edit a comment: only its author may.
    package func editComment(projectKey: String, code: Int64, commentID: Int64, content: String, by user: User) async throws {
        let issue = try await find(projectKey: projectKey, code: code, by: user, write: true)
        try Self.check(content)
        guard let comment = try await store.issues.comment(id: commentID, issueID: issue.id) else {
            throw SlipwayError.notFound("comment \(commentID) not found on issue \(code)")
        }
        guard comment.creatorUID == user.uid else { throw SlipwayError.forbidden("only the author may edit comment \(commentID)") }
        try await store.issues.updateComment(id: commentID, content: content, at: EpochMillis.now())
    }

    package func comments(projectKey: String, code: Int64, by user: User) async throws -> (comments: [IssueComment], people: PlanningPeople) {
        let issue = try await find(projectKey: projectKey, code: code, by: user, write: false)
        let comments = try await store.issues.comments(of: issue.id)
        return (comments, try await access.people(comments.map(\.creatorUID)))
    }

    /// Replace an issue's description.
    package func describe(projectKey: String, code: Int64, description: String, by user: User) async throws -> IssueDetail {
        var input = IssueInput()
        input.description = description
        return try await modify(projectKey: projectKey, code: code, input, by: user)
    }

    static func check(_ content: String) throws {
        guard !content.isEmpty, content.utf8.count <= maxCommentBytes else {
            throw SlipwayError.invalidInput("Content must be 1…\(maxCommentBytes) bytes")
        }
    }
}
