import Foundation
import Testing

/// One core, several dialects: what one API does, the others see.
@Suite struct CrossDialectTests {
    @Test(arguments: StoreKind.enabled)
    func zadigProjectDeletionRemovesCodingDepotsAndRepositories(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            #expect(try await app.makeProject("shared").status == .ok)
            let described = try await app.call(
                .post, "/open-api?Action=DescribeProjectByName", auth: .codingToken(app.adminToken),
                body: #"{"ProjectName":"shared"}"#)
            let projectID = try #require(described.json["Response"]["Project"]["Id"].int, "\(described.text)")
            let created = try await app.call(
                .post, "/open-api?Action=CreateGitDepot", auth: .codingToken(app.adminToken),
                body: #"{"ProjectId":\#(projectID),"DepotName":"app"}"#)
            #expect(created.json["Response"]["DepotId"].int != nil, "\(created.text)")
            let repo = app.scratch.deletingLastPathComponent().appendingPathComponent("git/slipway/shared/app.git")
            #expect(FileManager.default.fileExists(atPath: repo.path))

            #expect(try await app.call(.delete, "/openapi/projects/project?projectKey=shared&isDelete=true").status == .ok)
            #expect(!FileManager.default.fileExists(atPath: repo.path), "the repository left with its project")
            #expect(try await app.store.depots.list(projectKey: "shared").isEmpty)
            #expect(try await app.makeProject("shared").status == .ok)
            let reDescribed = try await app.call(
                .post, "/open-api?Action=DescribeProjectByName", auth: .codingToken(app.adminToken),
                body: #"{"ProjectName":"shared"}"#)
            let newID = try #require(reDescribed.json["Response"]["Project"]["Id"].int)
            let recreated = try await app.call(
                .post, "/open-api?Action=CreateGitDepot", auth: .codingToken(app.adminToken),
                body: #"{"ProjectId":\#(newID),"DepotName":"app"}"#)
            #expect(recreated.json["Response"]["DepotId"].int != nil, "a new project with the same key can host a depot of the same name: \(recreated.text)")
        }
    }
}
