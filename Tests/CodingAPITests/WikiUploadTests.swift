import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// The upload route (`PUT /open-api/uploads/<Key>`): only the token's user with its secret, once,
/// and bounded in size; on both stores.
@Suite struct WikiUploadTests {
    @Test(arguments: CodingStoreKind.enabled)
    func uploadsAreTheirUsersOnceAndBounded(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await WikiFixture.make(h)
            let ticket = try await f.ok("CreateUploadToken", #""FileName":"w.zip""#, token: f.dev)["Token"]
            let path = try #require(URLComponents(string: ticket["UploadLink"].string ?? "")?.path)
            let secret = try #require(ticket["AuthToken"].string)
            #expect(ticket["Time"].int ?? 0 > Int64(Date().timeIntervalSince1970 * 1000))
            func put(_ bytes: [UInt8], token: String?, secret: String?) async throws -> String {
                var headers = HTTPFields()
                if let token { headers[.authorization] = "token \(token)" }
                if let secret { headers[HTTPField.Name("X-Upload-Token")!] = secret }
                let reply = try await h.client.execute(uri: path, method: .put, headers: headers, body: .init(bytes: bytes))
                #expect(reply.status == .ok)
                let answer = JSONValue(text: String(buffer: reply.body))["Response"]
                return answer["Error"]["Code"].string ?? "OK \(answer["Size"].int ?? -1)"
            }
            #expect(try await put([1, 2, 3], token: nil, secret: secret) == "AuthFailure")
            #expect(try await put([1, 2, 3], token: f.dev, secret: nil) == "MissingParameter")
            #expect(try await put([1, 2, 3], token: f.dev, secret: "slw_wrong") == "ResourceNotFound")
            #expect(try await put([1, 2, 3], token: f.stranger, secret: secret) == "ResourceNotFound")
            #expect(try await put([1, 2, 3], token: h.adminToken, secret: secret) == "ResourceNotFound")
            #expect(try await put([], token: f.dev, secret: secret) == "InvalidParameterValue")
            #expect(try await put([UInt8](repeating: 7, count: (20 << 20) + 1), token: f.dev, secret: secret) == "InvalidParameterValue")
            #expect(try await put([1, 2, 3], token: f.dev, secret: secret) == "OK 3")
            #expect(try await put([4, 5, 6], token: f.dev, secret: secret) == "FailedOperation")
            let tmp = h.context.dataDirectory + "/uploads/tmp"
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty, "a refused upload left a file")
        }
    }
}
