import SlipwayCore
import SlipwayServices

/// CODING issue comments (§2.2): add, edit (the author only), list.
struct IssueCommentActions: Sendable {
    func service(_ call: ActionCall) -> IssueService { IssueService(call.services.context) }

    @Sendable func createIssueComment(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        _ = try await service(call).addComment(
            projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), content: try p.string("Content"),
            parentID: try p.optionalInt("ParentId") ?? 0, by: call.user)
        return NoOutput()
    }

    @Sendable func modifyIssueComment(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).editComment(
            projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), commentID: try p.int("CommentId"),
            content: try p.string("Content"), by: call.user)
        return NoOutput()
    }

    /// DescribeIssueCommentList: `Content` the comment's Markdown as HTML, `RawContent` as written.
    @Sendable func describeIssueCommentList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let (comments, people) = try await service(call).comments(projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), by: call.user)
        return IssueCommentsOutput(
            CommentList: comments.map {
                .init(
                    CommentId: $0.id, ParentId: $0.parentID, CreatorId: people.id($0.creatorUID), Content: MarkdownHTML.render($0.content),
                    RawContent: $0.content,
                    CreatedAt: $0.createdAt, UpdatedAt: $0.updatedAt)
            })
    }
}
