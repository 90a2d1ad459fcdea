import Foundation
import HTTPTypes
import SlipwayCore
import Testing

@Suite("CODING protocol: envelope, action dispatch, errors")
struct ProtocolTests {
    /// A lowercase UUID, as CODING's RequestIds are.
    static func isUUID(_ s: String?) -> Bool {
        guard let s, let uuid = UUID(uuidString: s) else { return false }
        return uuid.uuidString.lowercased() == s
    }

    @Test(arguments: CodingStoreKind.enabled)
    func successEnvelopeCarriesRequestIdAndNamedFields(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let reply = try await h.action("DescribeCodingCurrentUser")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            let requestID = try #require(reply.response["RequestId"].string)
            #expect(Self.isUUID(requestID))
            #expect(reply.response["Error"].isNull)
            #expect(reply.response["User"]["GlobalKey"].string == "admin")
            #expect(reply.response["User"]["Email"].string == "admin@example.com")
            #expect((reply.response["User"]["Id"].int ?? 0) > 0)
            #expect(reply.response["User"]["TeamId"].int == 1)
            let second = try await h.action("DescribeCodingCurrentUser")
            #expect(second.response["RequestId"].string != requestID)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func actionMayComeFromTheBody(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let reply = try await h.post("/open-api", body: #"{"Action":"DescribeCodingCurrentUser"}"#, token: h.adminToken)
            #expect(reply.response["User"]["GlobalKey"].string == "admin")
            // The query wins over the body.
            let both = try await h.post(
                "/open-api?Action=DescribeCodingCurrentUser", body: #"{"Action":"Nope"}"#, token: h.adminToken)
            #expect(both.response["User"]["GlobalKey"].string == "admin")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func errorsUseTheEnvelopeWithHTTP200(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            func expectError(_ reply: HTTPReply, _ code: String, mentioning word: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == .ok, sourceLocation: sourceLocation)
                #expect(Self.isUUID(reply.response["RequestId"].string), sourceLocation: sourceLocation)
                #expect(reply.response["Error"]["Code"].string == code, "\(reply.text)", sourceLocation: sourceLocation)
                if let word {
                    #expect(reply.response["Error"]["Message"].string?.contains(word) == true, "\(reply.text)", sourceLocation: sourceLocation)
                }
            }
            expectError(try await h.action("NoSuchAction"), "UnsupportedOperation", mentioning: "NoSuchAction")
            expectError(try await h.post("/open-api", body: "{}", token: h.adminToken), "MissingParameter", mentioning: "Action")
            expectError(try await h.action("DescribeCodingCurrentUser", anonymous: true), "AuthFailure")
            expectError(try await h.action("DescribeCodingCurrentUser", token: "not-a-real-token-0123456789"), "AuthFailure")
            expectError(try await h.action("NoSuchAction", anonymous: true), "AuthFailure")
            expectError(try await h.action("DescribeProjectByName"), "MissingParameter", mentioning: "ProjectName")
            expectError(try await h.action("DescribeProjectByName", #"{"ProjectName":"nope"}"#), "ResourceNotFound")
            expectError(try await h.action("DescribeGitDepot", #"{"DepotId":"abc"}"#), "InvalidParameter", mentioning: "DepotId")
            expectError(try await h.action("DescribeGitDepot", #"{"DepotId":424242}"#), "ResourceNotFound")
            expectError(try await h.action("DescribeCodingProjects", "[1,2]"), "InvalidParameter")
            expectError(try await h.action("DescribeCodingProjects", "{not json"), "InvalidParameter")
            expectError(try await h.action("DescribeCodingProjects", #"{"PageNumber":1,"PageSize":0}"#), "InvalidParameterValue", mentioning: "PageSize")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func legacyMeAnswersSnakeCase(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let me = try await h.get("/api/me", headers: [.authorization: "token \(h.adminToken)"])
            #expect(me.status == .ok)
            #expect(me.json["global_key"].string == "admin")
            #expect(me.json["path"].string == "/u/admin")
            #expect(me.json["team"].string == "slipway")
            let anonymous = try await h.get("/api/me")
            #expect(anonymous.status == .unauthorized)
        }
    }
}
