import Foundation
import SlipwayCore
import Testing

/// Wiki ZIP import and update through an upload, and hostile archives (a path leaving the
/// archive, an absolute path, a symbolic link, bombs) refused with nothing written, on both stores.
@Suite struct WikiZipTests {
    /// The ZIP actions in the permission table: refused callers never reach the upload.
    static let permissionCases: [(action: String, valid: String, bad: String, code: String)] = [
        ("CreateWikiByZip", #""Key":"ab12","Time":1,"AuthToken":"x","FileName":"w.zip","ParentIid":0"#, "", ""),
        ("ModifyWikiByZip", #""Key":"ab12","Time":1,"AuthToken":"x","FileName":"w.zip","Iid":1"#, "", ""),
    ]

    @Test(arguments: CodingStoreKind.enabled)
    func zipImportsPagesAndUpdatesOne(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await WikiFixture.make(h)
            var zip = ZipBytes()
            zip.add("guide.md", "## Guide")
            zip.add("guide/install.md", "install it")
            zip.add("guide/faq.md", "faq v1")
            zip.add("guide/logo.png", "not markdown")
            zip.add("top.md", "top")
            let upload = try await f.upload(zip.bytes, token: f.dev)
            let job = try #require(try await f.okAudited("CreateWikiByZip", upload + #","ParentIid":3"#, token: f.dev, by: "dev")["JobId"].string)
            #expect(try await f.finish(job) == "SUCCEEDED")
            #expect(try await f.outline() == "1(2) 3(4(5 6) 7)")
            #expect(try await f.commitCount() == 4)
            let guide = try await f.ok("DescribeWiki", #""Iid":4,"VersionId":0"#)["Data"]
            #expect(guide["Title"].string == "guide" && guide["Content"].string == "## Guide" && guide["Path"].string == "3/4")
            #expect(guide["Creator"]["GlobalKey"].string == "dev")
            // An upload serves once, and only its owner.
            #expect(try await f.error("CreateWikiByZip", upload + #","ParentIid":0"#, token: f.dev) == "ResourceNotFound")
            let admins = try await f.upload(zip.bytes)
            #expect(try await f.error("CreateWikiByZip", admins + #","ParentIid":0"#, token: f.dev) == "ResourceNotFound")
            #expect(try await f.errorAudited("CreateWikiByZip", admins + #","ParentIid":99"#) == "InvalidParameterValue")

            // An update takes exactly one Markdown file as the page's new content.
            #expect(try await f.error("ModifyWikiByZip", try await f.upload(zip.bytes) + #","Iid":5"#) == "InvalidParameterValue")
            var one = ZipBytes()
            one.add("docs/FAQ.MD", "faq v2")
            let fields = try await f.upload(one.bytes) + #","Iid":5"#
            let update = try #require(try await f.okAudited("ModifyWikiByZip", fields, token: nil, by: "admin")["JobId"].string)
            #expect(try await f.finish(update, update: true) == "SUCCEEDED")
            #expect(try await f.error("DescribeImportJobStatus", #""JobId":"\#(update)""#) == "ResourceNotFound")
            let faq = try await f.ok("DescribeWiki", #""Iid":5,"VersionId":0"#)["Data"]
            #expect(faq["Content"].string == "faq v2" && faq["Title"].string == "faq" && faq["HistoriesCount"].int == 2)
            #expect(try await f.commitCount() == 5)
            #expect(try await f.errorAudited("ModifyWikiByZip", try await f.upload(one.bytes) + #","Iid":99"#) == "ResourceNotFound")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func hostileZipsAreRefusedAndNothingIsWritten(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await WikiFixture.make(h)
            var hostile: [(String, ZipBytes)] = []
            var traversal = ZipBytes()
            traversal.add("ok.md", "fine")
            traversal.add("../evil.md", "escaped")
            hostile.append(("leaves the archive", traversal))
            var absolute = ZipBytes()
            absolute.add("/tmp/evil.md", "escaped")
            hostile.append(("absolute path", absolute))
            var link = ZipBytes()
            link.add("link.md", "/etc/passwd", mode: 0o120777)
            hostile.append(("symbolic link", link))
            var declared = ZipBytes()
            declared.add("big.md", "small", declaredSize: 2 << 20)
            hostile.append(("unpacks to 2097152 bytes", declared))
            var many = ZipBytes()
            for i in 0...1000 { many.add("p\(i).md", "x") }
            hostile.append(("1001 entries", many))
            for (reason, zip) in hostile {
                let reply = try await f.call("CreateWikiByZip", try await f.upload(zip.bytes) + #","ParentIid":0"#)
                #expect(reply.response["Error"]["Code"].string == "InvalidParameterValue", "\(reason): \(reply.text)")
                #expect(reply.response["Error"]["Message"].string?.contains(reason) == true, "\(reason): \(reply.text)")
            }
            #expect(try await f.outline() == "1(2) 3")
            #expect(try await f.commitCount() == 3)
            #expect(!FileManager.default.fileExists(atPath: h.context.dataDirectory + "/evil.md"))
            #expect(!FileManager.default.fileExists(atPath: "/tmp/evil.md"))
        }
    }

    /// A deflate bomb whose headers claim 100 bytes passes the directory check, but unpacking
    /// stops at the per-entry limit: the job fails and nothing is written.
    @Test(arguments: CodingStoreKind.enabled)
    func aBombThatLiesAboutItsSizeFailsWhileUnpacking(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            try await withScratch { scratch in
                let f = try await WikiFixture.make(h)
                FileManager.default.createFile(atPath: scratch + "/big.md", contents: Data(count: 8 << 20))
                let zipped = try await runProcess(["zip", "-q", "bomb.zip", "big.md"], in: scratch)
                #expect(zipped.status == 0, "zip: \(zipped.stderr)")
                var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch + "/bomb.zip")))
                #expect(bytes.count < 100_000)
                Self.patchUncompressedSize(&bytes, to: 100)
                let job = try #require(try await f.ok("CreateWikiByZip", try await f.upload(bytes) + #","ParentIid":0"#)["JobId"].string)
                #expect(try await f.finish(job) == "FAILED")
                let stored = try await h.store.wiki.job(projectKey: "wk", id: job)
                #expect(stored?.message.contains("could not be unpacked") == true, "\(stored?.message ?? "")")
                #expect(try await f.outline() == "1(2) 3")
                #expect(try await f.commitCount() == 3)
            }
        }
    }

    /// A job left unfinished by a server that stopped is reported failed, not processing forever.
    @Test(arguments: CodingStoreKind.enabled)
    func aJobInterruptedByARestartIsReportedFailed(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await WikiFixture.make(h)
            let admin = try #require(try await h.store.users.find(account: "admin"))
            var job = WikiJob(id: "interrupted", projectKey: "wk", kind: .import, targetIid: 0, uploadKey: "k", creatorUID: admin.uid, at: 1)
            job.status = .processing
            try await h.store.wiki.createJob(job)
            #expect(try await f.finish("interrupted") == "FAILED")
            #expect(try await h.store.wiki.job(projectKey: "wk", id: "interrupted")?.message.contains("interrupted") == true)
        }
    }

    /// Sets the uncompressed size in every local and central header.
    static func patchUncompressedSize(_ bytes: inout [UInt8], to size: UInt32) {
        let le = (0..<4).map { UInt8((size >> UInt32($0 * 8)) & 0xFF) }
        var i = 0
        while i + 4 <= bytes.count {
            let signature = Array(bytes[i..<(i + 4)])
            if signature == [0x50, 0x4b, 0x03, 0x04] { bytes.replaceSubrange((i + 22)..<(i + 26), with: le) }
            if signature == [0x50, 0x4b, 0x01, 0x02] { bytes.replaceSubrange((i + 24)..<(i + 28), with: le) }
            i += 1
        }
    }
}
