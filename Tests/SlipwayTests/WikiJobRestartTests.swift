import Foundation
import Logging
import SlipwayCore
import SlipwayServer
import SlipwayStore
import SlipwayTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A wiki ZIP job a stopped server left unfinished is marked failed when the application starts
/// again over the same store, so DescribeImportJobStatus / DescribeUpdateJobStatus answer
/// honestly; finished jobs keep their status and new jobs run. On both stores.
@Suite(.serialized) struct WikiJobRestartTests {
    @Test(arguments: StoreKind.enabled)
    func unfinishedJobsAreFailedWhenTheServerStartsAgain(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let token = try #require(try await AdminBootstrap.ensureAdmin(store: store, givenToken: nil))
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-wiki-restart-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: data) }
            let finished = try await Self.serve(store, data: data, token: token) { coding in
                let project = try await coding.call(
                    "CreateCodingProject", #"{"Name":"wr","DisplayName":"wr","Shared":0,"ProjectTemplate":"CODE_HOST","Description":""}"#)
                #expect(project["ProjectId"].int != nil, "\(project)")
                #expect(try await coding.call("CreateWiki", #"{"ProjectName":"wr","Title":"Home","Content":"h","ParentIid":0}"#)["Data"]["Iid"].int == 1)
                let job = try await coding.importZip(["a.md": "a"])
                #expect(try await coding.finish(job) == "SUCCEEDED")
                return job
            }
            // What a server stopped in the middle leaves: an import processing, an update waiting.
            let admin = try #require(try await store.users.find(account: "admin"))
            let before = EpochMillis.now() - 1000
            var cut = WikiJob(id: "cut-import", projectKey: "wr", kind: .import, targetIid: 0, uploadKey: "k1", creatorUID: admin.uid, at: before)
            cut.status = .processing
            try await store.wiki.createJob(cut)
            try await store.wiki.createJob(
                WikiJob(id: "cut-update", projectKey: "wr", kind: .update, targetIid: 1, uploadKey: "k2", creatorUID: admin.uid, at: before))

            try await Self.serve(store, data: data, token: token) { coding in
                // Marked on start, before anyone asks.
                var statuses: [WikiJob.Status?] = []
                for _ in 0..<100 {
                    statuses = [
                        try await store.wiki.job(projectKey: "wr", id: "cut-import")?.status,
                        try await store.wiki.job(projectKey: "wr", id: "cut-update")?.status,
                    ]
                    if statuses == [.failed, .failed] { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(statuses == [.failed, .failed])
                let imported = try await coding.call("DescribeImportJobStatus", #"{"ProjectName":"wr","JobId":"cut-import"}"#)["Data"]
                #expect(imported["Status"].string == "FAILED", "\(imported)")
                let updated = try await coding.call("DescribeUpdateJobStatus", #"{"ProjectName":"wr","JobId":"cut-update"}"#)["Data"]
                #expect(updated["Status"].string == "FAILED", "\(updated)")
                #expect(try await store.wiki.job(projectKey: "wr", id: "cut-update")?.message.contains("interrupted") == true)
                // The finished job keeps its answer; a job begun now runs to its end.
                #expect(try await coding.finish(finished) == "SUCCEEDED")
                #expect(try await coding.finish(try await coding.importZip(["b.md": "b"])) == "SUCCEEDED")
                let pages = try await coding.call("DescribeWikiList", #"{"ProjectName":"wr"}"#)["Data"].array
                #expect(pages.compactMap { $0["Title"].string } == ["Home", "a", "b"], "\(pages)")
            }
        }
    }

    /// CODING calls against a running server.
    struct Coding {
        let base: String
        let token: String

        func call(_ action: String, _ body: String) async throws -> JSON {
            let reply = try await http("POST", "\(base)/open-api?Action=\(action)", token: token, body: body)
            #expect(reply.status == 200, "\(action): \(reply.body)")
            return JSON(reply.body)["Response"]
        }

        /// Uploads a ZIP of `files` and starts importing it at the top of wiki `wr`; the job id.
        func importZip(_ files: [String: String]) async throws -> String {
            let ticket = try await call("CreateUploadToken", #"{"ProjectName":"wr","FileName":"w.zip"}"#)["Token"]
            var zip = ZipBytes()
            for (name, content) in files.sorted(by: { $0.key < $1.key }) { zip.add(name, content) }
            let path = try #require(URLComponents(string: ticket["UploadLink"].string ?? "")?.path)
            var request = URLRequest(url: try #require(URL(string: base + path)))
            request.httpMethod = "PUT"
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue(ticket["AuthToken"].string ?? "", forHTTPHeaderField: "X-Upload-Token")
            request.httpBody = Data(zip.bytes)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let fields = """
                {"ProjectName":"wr","Key":"\(ticket["UpToken"].string ?? "")","Time":\(ticket["Time"].int ?? 0),\
                "AuthToken":"\(ticket["AuthToken"].string ?? "")","FileName":"w.zip","ParentIid":0}
                """
            let started = try await call("CreateWikiByZip", fields)
            return try #require(started["JobId"].string, "\(started)")
        }

        /// Polls an import job until it ends; its final status.
        func finish(_ job: String) async throws -> String {
            for _ in 0..<200 {
                let status = try await call("DescribeImportJobStatus", #"{"ProjectName":"wr","JobId":"\#(job)"}"#)["Data"]["Status"].string ?? ""
                if status == "SUCCEEDED" || status == "FAILED" { return status }
                try await Task.sleep(for: .milliseconds(50))
            }
            return "TIMEOUT"
        }
    }

    /// The application exactly as `slipway serve` builds it over `store` (with its start-up
    /// services), on a free port, until `body` returns; then it is shut down.
    @discardableResult
    static func serve<T: Sendable>(_ store: Store, data: String, token: String, _ body: @escaping @Sendable (Coding) async throws -> T) async throws -> T {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(
            configuration: ServerConfiguration(port: 0, dataDirectory: data), store: store, logger: Logger(label: "wiki-restart")
        ) { port in
            portSink.yield(port)
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result = try await body(Coding(base: "http://127.0.0.1:\(port)", token: token))
            group.cancelAll()
            return result
        }
    }
}
