import CodingAPI
import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// `GET /open-api?Action=Describe…` and the clone URL's redirect check who calls them like the
/// POST actions do: nothing without a token, nothing for a non-member of a private project,
/// reads for a read-only member.
@Suite struct LinkAccessTests {
    @Test(arguments: CodingStoreKind.enabled)
    func linksCheckWhoCalls(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let projectID = try await h.makeProject("private")
            let depotID = try await h.makeDepot(projectID, "app")
            let link = "/open-api?Action=DescribeGitDepot&DepotId=\(depotID)"
            func get(_ token: String?) async throws -> HTTPReply {
                var headers: HTTPFields = [:]
                if let token { headers[.authorization] = "token \(token)" }
                return try await h.get(link, headers: headers)
            }

            let anonymous = try await get(nil)
            #expect(anonymous.response["Error"]["Code"].string == "AuthFailure", "\(anonymous.text)")
            #expect(anonymous.response["Depot"].isNull)

            let (_, strangerToken) = try await h.makeUser("stranger")
            let stranger = try await get(strangerToken)
            #expect(!stranger.response["Error"].isNull, "\(stranger.text)")
            #expect(stranger.response["Depot"].isNull)

            let (reader, readerToken) = try await h.makeUser("reader")
            try await h.store.roles.addBindings(namespace: "private", role: Role.readOnly, subjects: [.user(uid: reader.uid)])
            let read = try await get(readerToken)
            #expect(read.response["Depot"]["Id"].int == depotID, "\(read.text)")
            // A read-only member reads through links but cannot write through them.
            let write = try await h.get("/open-api?Action=DeleteGitDepot&DepotId=\(depotID)", headers: [.authorization: "token \(readerToken)"])
            #expect(write.response["Error"]["Code"].string == "UnsupportedOperation", "\(write.text)")

            // The clone URL's browser redirect is refused to callers who may not read the depot.
            #expect(try await h.get("/slipway/private/app.git").status != .found)
            #expect(
                try await h.get("/slipway/private/app.git", headers: [.authorization: "Basic \(Data("git:\(strangerToken)".utf8).base64EncodedString())"])
                    .status != .found)
            let allowed = try await h.get(
                "/slipway/private/app.git", headers: [.authorization: "Basic \(Data("git:\(readerToken)".utf8).base64EncodedString())"])
            #expect(allowed.status == .found)
            #expect(allowed.headers[.location]?.contains("DescribeGitDepot") == true)
        }
    }
}
