import Foundation
import Testing

/// Issue 9.6: run-time parameters reach scripts as data, never as shell code.
@Suite struct ParameterInjectionTests {
    /// The README's `hello` workflow, exactly as documented.
    static let hello = """
        name: hello
        display_name: Hello
        project: demo
        concurrency_limit: 1
        params: [{name: who, type: string, value: world}]
        stages:
          - name: build
            parallel: true
            jobs:
              - name: greet
                type: freestyle
                spec:
                  steps:
                    - {name: hi, type: shell, spec: {script: "echo hello {{.workflow.params.who}} from task $TASK_ID"}}
        """

    @Test(arguments: StoreKind.enabled)
    func helloWorkflowPrintsHostilePayloadsLiterally(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("demo")
            let created = try await app.call(.post, "/api/aslan/workflow/v4", body: Self.hello)
            #expect(created.status == .ok, "\(created.text)")
            let runner = try await app.makeMember("runner", actions: ["get_workflow", "run_workflow"])
            let marker = "/tmp/slipway-inject-\(UUID().uuidString.prefix(8))"
            let payloads = [
                "x; touch \(marker)-semi", "$(touch \(marker)-subst)", "`touch \(marker)-tick`",
                "\"; touch \(marker)-dq; echo \"", "'; touch \(marker)-sq; echo '", "x && touch \(marker)-and #",
                "a\ntouch \(marker)-nl", "*",
            ]
            for payload in payloads {
                let id = try await app.run("hello", parameters: #"[{"name":"who","value":\#(Harness.jsonString(payload))}]"#, as: runner)
                let done = try await app.waitFor("hello", id)
                #expect(done["status"].string == "passed", "payload \(payload): \(done["stages"][0]["jobs"][0]["error"])")
                let log = try await app.log("hello", id, job: "greet")
                #expect(log.contains("hello \(payload) from task \(id)"), "payload \(payload) printed literally; log: \(log)")
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { "/tmp/\($0)".hasPrefix(marker) }
            #expect(leftovers.isEmpty, "a payload ran as shell code: \(leftovers)")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func everyQuotingContextGetsTheValueAsData(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            let script = """
                printf '%s\\n' {{.workflow.params.who}} > \(dir)/plain
                printf '%s\\n' "<{{.workflow.params.who}}>" > \(dir)/double
                printf '%s\\n' '<{{.workflow.params.who}}>' > \(dir)/single
                cat > \(dir)/heredoc <<EOF
                [{{.workflow.params.who}}] it's
                EOF
                printf '%s\\n' "$who" > \(dir)/byname
                echo "{{.job.first.output.OUT}}" > \(dir)/output   # a comment with {{.workflow.params.who}}
                """
            let plugin = #"""
                {"name":"plug","type":"plugin","spec":{"plugin":{"name":"p","version":"1","cmds":["/bin/sh","-c"],
                 "args":["printf '%s\\n' $(inputs.msg) {{.workflow.params.who}} > \#(dir)/plugin","ignored"],
                 "envs":[],"inputs":[{"name":"msg","value":"{{.workflow.params.who}}"}],"outputs":[]}}}
                """#
            try await app.makeWorkflow(
                "contexts", params: #"[{"name":"who","type":"string","value":""}]"#,
                stages: [
                    Harness.stage("one", jobs: [Harness.shellJob("first", "printf %s {{.workflow.params.who}} > $SLIPWAY_OUTPUTS_DIR/OUT")]),
                    Harness.stage("two", jobs: [Harness.shellJob("second", script), plugin]),
                ])
            let marker = "/tmp/slipway-inject-\(UUID().uuidString.prefix(8))"
            let payload = "a b'\"$(touch \(marker))`touch \(marker)`;touch \(marker)"
            let id = try await app.run("contexts", parameters: #"[{"name":"who","value":\#(Harness.jsonString(payload))}]"#)
            let done = try await app.waitFor("contexts", id)
            #expect(done["status"].string == "passed", "\(done)")
            func read(_ name: String) -> String { (try? String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)) ?? "<missing>" }
            #expect(read("plain") == payload + "\n", "unquoted: one word, nothing split or run")
            #expect(read("double") == "<\(payload)>\n")
            #expect(read("single") == "<\(payload)>\n")
            #expect(read("heredoc") == "[\(payload)] it's\n")
            #expect(read("byname") == payload + "\n", "parameters are exported by name")
            #expect(read("output") == payload + "\n", "job outputs travel as data too")
            #expect(read("plugin") == payload + "\n" + payload + "\n", "a plugin's sh -c script and its inputs")
            #expect(!FileManager.default.fileExists(atPath: marker), "the payload ran")
        }
    }
}
