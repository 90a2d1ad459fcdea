import Foundation
import SlipwayCore
import Testing

/// Building workflow definitions and driving tasks through the API.
extension Harness {
    /// A freestyle job running `script` in one shell step.
    static func shellJob(_ name: String, _ script: String, timeout: Int? = nil, envs: String = "[]", errorPolicy: String? = nil) -> String {
        let policy = errorPolicy.map { #","error_policy":\#($0)"# } ?? ""
        return """
            {"name":"\(name)","type":"freestyle"\(policy),"spec":{"properties":{"timeout":\(timeout ?? 60),"envs":\(envs)},
             "steps":[{"name":"run","type":"shell","spec":{"script":\(jsonString(script))}}]}}
            """
    }

    /// The same one-step shell job as a definition, for a workflow stored directly.
    static func shellJobDefinition(_ name: String, _ script: String) -> JobDefinition {
        JobDefinition(
            name: name, type: .freestyle,
            spec: .object([
                "steps": .array([.object(["name": .string("run"), "type": .string("shell"), "spec": .object(["script": .string(script)])])])
            ]))
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    /// A stage of jobs.
    static func stage(_ name: String, parallel: Bool = false, jobs: [String], approval: String? = nil) -> String {
        let approvalPart = approval.map { #","approval":\#($0)"# } ?? ""
        return #"{"name":"\#(name)","parallel":\#(parallel)\#(approvalPart),"jobs":[\#(jobs.joined(separator: ","))]}"#
    }

    /// Create a project (if needed) and a workflow with these stages.
    @discardableResult
    func makeWorkflow(_ key: String, project: String = "demo", limit: Int = -1, params: String = "[]", stages: [String]) async throws -> Reply {
        if try await store.projects.get(key: project) == nil { _ = try await makeProject(project) }
        let reply = try await call(
            .post, "/api/aslan/workflow/v4",
            body: """
                {"name":"\(key)","display_name":"\(key) display","project":"\(project)","concurrency_limit":\(limit),
                 "params":\(params),"stages":[\(stages.joined(separator: ","))]}
                """)
        #expect(reply.status == .ok, "create workflow: \(reply.text)")
        return reply
    }

    /// Run a workflow; returns the task id.
    func run(_ key: String, project: String = "demo", parameters: String = "[]", inputs: String = "[]", as token: String? = nil) async throws -> Int {
        let reply = try await call(
            .post, "/openapi/workflows/custom/task", auth: .bearer(token ?? adminToken),
            body: """
                {"project_key":"\(project)","workflow_key":"\(key)","parameters":\(parameters),"inputs":\(inputs)}
                """)
        #expect(reply.status == .ok, "run: \(reply.text)")
        return try #require(reply.json["task_id"].int)
    }

    func task(_ key: String, _ id: Int) async throws -> JSON {
        try await call(.get, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=\(key)").json
    }

    /// Poll until the task's status satisfies `done` (default: finished), or fail after `seconds`.
    @discardableResult
    func waitFor(_ key: String, _ id: Int, seconds: Double = 30, until done: (JSON) -> Bool = { Harness.finished($0["status"].string) }) async throws -> JSON {
        let deadline = Date().addingTimeInterval(seconds)
        var last = JSON.missing
        while Date() < deadline {
            last = try await task(key, id)
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("task \(key):\(id) did not reach the expected state; last: \(last)")
        return last
    }

    static func finished(_ status: String?) -> Bool {
        ["passed", "failed", "timeout", "cancelled", "reject"].contains(status ?? "")
    }

    func log(_ key: String, _ id: Int, job: String) async throws -> String {
        try await call(.get, "/openapi/logs/log/v4/workflow/\(key)/\(id)/\(job)").text
    }

    /// Wait for a file a job creates.
    func waitForFile(_ name: String, nonEmpty: Bool = false, seconds: Double = 20) async throws -> String {
        let path = scratch.appendingPathComponent(name).path
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: path), !data.isEmpty || !nonEmpty {
                return String(decoding: data, as: UTF8.self)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("file \(name) never appeared")
        return ""
    }

    func touch(_ name: String) {
        FileManager.default.createFile(atPath: scratch.appendingPathComponent(name).path, contents: Data("x".utf8))
    }
}
