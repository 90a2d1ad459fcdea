import Foundation
import HTTPTypes
import Testing

/// Release plans driven through the API, for the Zadig §9 tests.
extension Harness {
    /// The body of a plan managed by `manager`, with a native approval by `approvers` when given.
    static func releasePlanBody(
        _ name: String = "r1", manager: String = "mgr", approvers: [String] = [], needed: Int = 1, jobs: String? = nil
    ) -> String {
        let users = approvers.map { #"{"user_name":"\#($0)"}"# }.joined(separator: ",")
        let approval =
            approvers.isEmpty
            ? "" : #","approval":{"enabled":true,"type":"native","native_approval":{"approve_users":[\#(users)],"needed_approvers":\#(needed)}}"#
        let jobsPart = jobs.map { #","jobs":\#($0)"# } ?? ""
        return #"{"name":"\#(name)","manager":"\#(manager)","manager_identity_type":"system","description":"release \#(name)"\#(approval)\#(jobsPart)}"#
    }

    /// A text job and a workflow job running `workflow` of project demo.
    static func releaseJobs(workflow: String = "deploy") -> String {
        """
        [{"name":"announce","type":"text","spec":{"content":"tell the team","remark":""}},
         {"name":"ship","type":"workflow","spec":{"workflow_key":"\(workflow)","project_key":"demo","inputs":[],"remark":"go"}}]
        """
    }

    /// Create a plan as the admin; returns its id.
    func makeReleasePlan(_ body: String = Harness.releasePlanBody()) async throws -> String {
        let reply = try await call(.post, "/openapi/release_plan/v1", body: body)
        #expect(reply.status == .ok, "create plan: \(reply.text)")
        return try #require(reply.json["id"].string)
    }

    func releasePlan(_ id: String, as token: String? = nil) async throws -> JSON {
        try await call(.get, "/openapi/release_plan/v1/\(id)", auth: .bearer(token ?? adminToken)).json
    }

    /// Move a plan to `status` as `token`'s user; returns the reply.
    @discardableResult
    func moveReleasePlan(_ id: String, to status: String, as token: String) async throws -> Reply {
        try await call(.post, "/api/aslan/release_plan/v1/\(id)/status/\(status)", as: token)
    }

    /// Poll until the plan's detail satisfies `done`, or fail after `seconds`.
    @discardableResult
    func waitForReleasePlan(_ id: String, seconds: Double = 30, until done: (JSON) -> Bool) async throws -> JSON {
        let deadline = Date().addingTimeInterval(seconds)
        var last = JSON.missing
        while Date() < deadline {
            last = try await releasePlan(id)
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("release plan \(id) did not reach the expected state; last: \(last)")
        return last
    }
}
