import Foundation
import SQLKit
import SlipwayCore
import Testing

/// Issue attachments end to end: a member reserves an attachment and `PUT`s the file to its
/// pre-signed URL (30 s, its own credential too), attaches it to an issue, asks for a download URL
/// and downloads the very bytes; the URL serves only that member, only while valid, only while
/// the file stays attached. On both stores.
@Suite struct IssueFileTests {
    @Test(arguments: CodingStoreKind.enabled)
    func anAttachmentIsUploadedAttachedAndDownloaded(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueActivityFixture.make(h)
            let bytes = (0..<3000).map { UInt8($0 % 251) }
            // Only its own user with the signature may upload, once.
            let prepared = try await f.ok("CreateAttachmentPrepareSignUrl", #""FileName":"trace bin.dat""#, token: f.dev)["Data"]["AttachmentPrepare"]
            let url = try #require(prepared["PrepareSignUrl"].string)
            let id = try #require(prepared["AttachmentId"].int)
            #expect(url.contains("Signature=slw_"))
            #expect(try await IssueActivityFixture.put(h, url: url, bytes: bytes, token: nil)["Error"]["Code"].string == "AuthFailure")
            #expect(try await IssueActivityFixture.put(h, url: url, bytes: bytes, token: f.stranger)["Error"]["Code"].string == "ResourceNotFound")
            let forged = url.replacingOccurrences(of: "Signature=slw_", with: "Signature=slw_x")
            #expect(try await IssueActivityFixture.put(h, url: forged, bytes: bytes, token: f.dev)["Error"]["Code"].string == "ResourceNotFound")
            #expect(try await IssueActivityFixture.put(h, url: url, bytes: bytes, token: f.dev)["Size"].int == Int64(bytes.count))
            #expect(try await IssueActivityFixture.put(h, url: url, bytes: bytes, token: f.dev)["Error"]["Code"].string == "FailedOperation")
            // Only its uploader attaches it; the issue lists it.
            #expect(try await f.error("ModifyIssue", #""IssueCode":5,"FileIds":[\#(id)]"#) == "InvalidParameterValue", "someone else's upload")
            try await f.ok("ModifyIssue", #""IssueCode":5,"FileIds":[\#(id)]"#, token: f.dev)
            let files = try await f.ok("DescribeIssue", #""IssueCode":5"#)["Issue"]["Files"].array
            #expect(files.count == 1 && files[0]["FileId"].int == id && files[0]["Name"].string == "trace bin.dat" && files[0]["Size"].int == 3000)
            #expect(try await f.error("ModifyIssue", #""IssueCode":2,"FileIds":[\#(id)]"#) == "InvalidParameterValue", "attached elsewhere")
            // A download URL serves the bytes to the member who asked for it, and only to them.
            let link = try #require(try await f.ok("DescribeIssueFileUrl", #""FileId":\#(id)"#, token: f.reader)["Url"].string)
            #expect(try await IssueActivityFixture.download(h, url: link, token: f.reader).bytes == bytes)
            #expect(try await IssueActivityFixture.download(h, url: link, token: nil).error == "AuthFailure")
            #expect(try await IssueActivityFixture.download(h, url: link, token: f.stranger).error == "ResourceNotFound")
            #expect(try await IssueActivityFixture.download(h, url: link, token: f.dev).error == "ResourceNotFound")
            let wrong = link.replacingOccurrences(of: "Signature=slw_", with: "Signature=slw_y")
            #expect(try await IssueActivityFixture.download(h, url: wrong, token: f.reader).error == "ResourceNotFound")
            // A reader who loses access loses the link with it.
            let readerUID = try await IssueActivityFixture.uid(h, "reader")
            try await h.store.roles.removeBinding(namespace: "alpha", role: "read-only", subject: .user(uid: readerUID))
            #expect(try await IssueActivityFixture.download(h, url: link, token: f.reader).error == "ResourceNotFound")
            // Links expire.
            let own = try #require(try await f.ok("DescribeIssueFileUrl", #""FileId":\#(id)"#, token: f.dev)["Url"].string)
            #expect(try await IssueActivityFixture.download(h, url: own, token: f.dev).bytes == bytes)
            try await h.store.sql.write { db in try await db.update("issue_file_links").set("expires_at", to: 1).run() }
            #expect(try await IssueActivityFixture.download(h, url: own, token: f.dev).error == "FailedOperation")
            // A detached file has no URL, and its old links stop serving it.
            let again = try #require(try await f.ok("DescribeIssueFileUrl", #""FileId":\#(id)"#, token: f.dev)["Url"].string)
            try await f.ok("ModifyIssue", #""IssueCode":5,"DelFileIds":[\#(id)]"#, token: f.dev)
            #expect(try await IssueActivityFixture.download(h, url: again, token: f.dev).error == "ResourceNotFound")
            #expect(try await f.error("DescribeIssueFileUrl", #""FileId":\#(id)"#) == "ResourceNotFound")
            let log = try await f.ok("DescribeIssueLogList", #""IssueCode":5,"Target":"ATTACHMENT""#)["IssueList"].array
            #expect(log.map { $0["ActionType"].string ?? "" } == ["REMOVE", "ADD"], "\(log)")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func uploadsAreBoundedExpireAndNeverNameAPath(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await IssueActivityFixture.make(h)
            for name in ["../x", "a/b", "..", "a\\\\b", " ", String(repeating: "n", count: 256)] {
                #expect(try await f.error("CreateAttachmentPrepareSignUrl", #""FileName":"\#(name)""#) == "InvalidParameterValue", "\(name)")
            }
            #expect(try await f.error("CreateAttachmentPrepareSignUrl", #""FileName":"""#) == "MissingParameter")
            let big = try await IssueActivityFixture.upload(f, name: "big.bin", bytes: [UInt8](repeating: 1, count: (20 << 20) + 1), token: f.dev)
            #expect(big.answer["Error"]["Code"].string == "InvalidParameterValue")
            #expect(try await f.error("ModifyIssue", #""IssueCode":5,"FileIds":[\#(big.id)]"#) == "InvalidParameterValue", "nothing arrived")
            // The pre-signed URL lives 30 seconds.
            let prepared = try await f.ok("CreateAttachmentPrepareSignUrl", #""FileName":"late.txt""#, token: f.dev)["Data"]["AttachmentPrepare"]
            let key = try #require(URLComponents(string: prepared["PrepareSignUrl"].string ?? "")?.path.split(separator: "/").last)
            let upload = try #require(try await h.store.uploads.get(key: String(key)))
            #expect(upload.expiresAt - upload.createdAt == 30_000)
            try await h.store.sql.write { db in try await db.update("uploads").set("expires_at", to: 1).where("upload_key", .equal, String(key)).run() }
            let late = try await IssueActivityFixture.put(h, url: prepared["PrepareSignUrl"].string ?? "", bytes: [1], token: f.dev)
            #expect(late["Error"]["Code"].string == "FailedOperation")
            // Files stay under the data directory's uploads, named by their random key.
            let stored = try FileManager.default.contentsOfDirectory(atPath: h.context.dataDirectory + "/uploads").filter { $0 != "tmp" }
            #expect(stored.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) }, "\(stored)")
        }
    }
}
