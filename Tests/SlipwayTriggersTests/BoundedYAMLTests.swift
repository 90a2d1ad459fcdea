import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

/// YAML bombs (issue 9, point 7): every parse of user YAML is bounded in size, nesting and
/// expanded node count, and refuses within milliseconds.
@Suite struct BoundedYAMLTests {
    /// "Billion laughs": nine levels of ten aliases each, 10⁹ leaves, a few hundred bytes.
    static func laughs(prefix: String = "") -> String {
        var lines = [prefix + #"l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for level in 1...9 {
            let refs = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ",")
            lines.append("l\(level): &l\(level) [\(refs)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The reader's answer and the CPU time this thread spent on it: the parse runs on the calling
    /// thread, and CPU time does not count the moments other tests' threads held the cores.
    static func refusedQuickly(_ text: String, _ reader: BoundedYAML = BoundedYAML()) -> (String, Duration) {
        let start = threadCPUTime()
        do {
            _ = try reader.parse(text)
            return ("accepted", threadCPUTime() - start)
        } catch {
            return ("\(error)", threadCPUTime() - start)
        }
    }

    static func threadCPUTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }

    @Test func billionLaughsIsRefusedInMilliseconds() {
        let bomb = Self.laughs()
        #expect(bomb.utf8.count < 700)
        let (error, took) = Self.refusedQuickly(bomb)
        #expect(error.contains("nodes"), "\(error)")
        #expect(took < .milliseconds(500), "took \(took)")
    }

    @Test func deepNestingSizeAndNULAreRefused() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (deepError, took) = Self.refusedQuickly(deep)
        #expect(deepError.contains("nested deeper"), "\(deepError)")
        #expect(took < .milliseconds(500))
        var block = ""
        for level in 0..<200 { block += String(repeating: "  ", count: level) + "k\(level):\n" }
        #expect(Self.refusedQuickly(block).0.contains("nested deeper"))
        #expect(Self.refusedQuickly(String(repeating: "a", count: 2048), BoundedYAML(maxBytes: 1024)).0.contains("larger than 1024 bytes"))
        #expect(Self.refusedQuickly("a: \"x\u{0}y\"").0.contains("NUL"))
    }

    @Test func ordinaryDocumentsStillParse() throws {
        let text = """
            name: hello
            defaults: &d {image: alpine, retries: 2}
            jobs:
              - {name: a, settings: *d}
              - name: b
                script: |
                  if [ -f x ]; then echo "{{.workflow.params.who}}" -a -b -c -d -e -f -g -h; fi
            count: 3
            ratio: 0.5
            flag: true
            none: ~
            """
        let value = try #require(try BoundedYAML().parse(text))
        #expect(value["name"] == .string("hello"))
        #expect(value["jobs"].array.first?["settings"]["image"] == .string("alpine"))
        #expect(value["count"] == .number(3))
        #expect(value["flag"] == .bool(true))
        #expect(value["none"] == .null)
        #expect(value["jobs"].array.last?["script"].string?.contains("-h; fi") == true)
    }

    /// A pipeline file that is a bomb refuses the dispatch at once and the server stays responsive.
    @Test func pushedPipelineBombRefusesTheDispatch() async throws {
        try await withTriggers { h in
            let depot = try await h.makeDepot(project: "bomb", name: "svc")
            _ = try await h.commit(depot, branch: "main", files: ["serverless-pipeline.yaml": Self.laughs(prefix: "steps: [{run: echo}]\n")])
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"bomb","repo_url":"http://x/bomb/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                """)
            let app = try #require(created.json["data"]["id"].string, "\(created.text)")
            let clock = ContinuousClock()
            let start = clock.now
            let reply = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            #expect(clock.now - start < .seconds(2))
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.json["message"].string?.contains("pipeline file refused") == true, "\(reply.text)")
            #expect(try await h.tasks(Int64(app)!).isEmpty)
            #expect(try await h.api(.get, "/api/flow/application/list").status == .ok)
        }
    }

    @Test func pluginManifestBombIsRefused() throws {
        #expect(throws: SlipwayError.self) {
            _ = try PluginManifest.parse("name: p\nrun: echo\n" + Self.laughs(), createdBy: "admin")
        }
    }
}
