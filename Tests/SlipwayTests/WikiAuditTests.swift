import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayTestSupport
import Testing

/// Wiki changes land in the operation log through the full app (the CODING describer for
/// actions, the upload store for uploads), with upload secrets redacted; reads do not.
@Suite struct WikiAuditTests {
    @Test(arguments: StoreKind.enabled)
    func wikiChangesAreAudited(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            func call(_ action: String, _ body: String) async throws -> JSON {
                try await app.call(.post, "/open-api?Action=\(action)", auth: .codingToken(app.adminToken), body: body).json["Response"]
            }
            let created = try await call(
                "CreateCodingProject", #"{"Name":"wa","DisplayName":"wa","Shared":0,"ProjectTemplate":"CODE_HOST","Description":""}"#)
            #expect(created["ProjectId"].int != nil, "\(created)")
            #expect(try await call("CreateWiki", #"{"ProjectName":"wa","Title":"Home","Content":"c","ParentIid":0}"#)["Data"]["Iid"].int == 1)
            _ = try await call("DescribeWikiList", #"{"ProjectName":"wa"}"#)
            let token = try await call("CreateUploadToken", #"{"ProjectName":"wa","FileName":"w.zip"}"#)["Token"]
            let secret = try #require(token["AuthToken"].string)
            var zip = ZipBytes()
            zip.add("a.md", "a")
            var headers = HTTPFields()
            headers[.authorization] = "token \(app.adminToken)"
            headers[HTTPField.Name("X-Upload-Token")!] = secret
            let path = try #require(URLComponents(string: token["UploadLink"].string ?? "")?.path)
            _ = try await app.client.execute(uri: path, method: .put, headers: headers, body: .init(bytes: zip.bytes))
            let refused = try await call(
                "CreateWikiByZip", #"{"ProjectName":"wa","Key":"0000","Time":1,"AuthToken":"\#(secret)","FileName":"w.zip","ParentIid":0}"#)
            #expect(refused["Error"]["Code"].string == "ResourceNotFound")

            let logs = try await app.store.operationLogs.list(OperationLogQuery(projectKey: "wa", page: 1, perPage: 50)).items
            let functions = Set(logs.map(\.function))
            #expect(functions.isSuperset(of: ["CreateWiki", "CreateUploadToken", "Upload", "CreateWikiByZip"]), "\(functions)")
            #expect(!functions.contains("DescribeWikiList"))
            #expect(logs.first { $0.function == "CreateWikiByZip" }?.status == 400)
            #expect(!logs.contains { $0.requestBody.contains(secret) }, "an upload secret reached the operation log")
        }
    }
}
