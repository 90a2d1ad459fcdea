import Foundation
import SlipwayCore
import Testing

/// A job's cache paths are kept between builds and cleared by ClearCodingCIJobCache.
@Suite struct CICacheTests {
    @Test(arguments: CodingStoreKind.enabled)
    func cachesOutliveBuildsUntilCleared(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let counting = """
                    pipeline {
                        agent any
                        stages { stage('Count') { steps { sh 'mkdir -p cache; echo "seen=$(cat cache/runs 2>/dev/null | wc -l)"; echo run >> cache/runs' } } }
                    }
                    """
                let created = try await h.action("CreateCodingCIJob", CIFixture.createBody(w, jenkinsfile: counting))
                let f = CIFixture(h: h, w: w, jobID: Int64(try #require(created.response["Data"]["Id"].int, "\(created.text)")))
                func run() async throws -> String {
                    let id = try await f.trigger()
                    #expect(try await f.finished(id)["Status"].string == "SUCCEED")
                    return try await h.action("DescribeCodingCIBuildLogRaw", #"{"BuildId":\#(id),"Start":0}"#).response["Data"]["Raw"].string ?? ""
                }
                #expect(try await run().contains("seen=0"))
                #expect(try await run().contains("seen=1"), "the second build finds the first one's cache")
                let size = try await h.action("DescribeCodingCIJob", #"{"JobId":\#(f.jobID)}"#).response["Job"]["CacheSize"].int ?? 0
                #expect(size > 0)
                #expect(try await h.action("ClearCodingCIJobCache", #"{"Id":\#(f.jobID)}"#).response["Error"].isNull)
                #expect(try await run().contains("seen=0"), "after clearing, the cache starts empty")
            }
        }
    }
}
