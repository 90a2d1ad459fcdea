import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayStore
import Testing

/// Zadig §6 tests: definitions (create, list, detail, update, delete), runs and their detail,
/// the flaky-test lists; bad calls in Zadig's envelope; who may do what.
@Suite struct TestingAPITests {
    static func body(_ name: String = "unit", project: String = "demo", resultPath: String = "reports", script: String = "true") -> String {
        """
        {"name":"\(name)","project_key":"\(project)","desc":"unit tests","script":\(Harness.jsonString(script)),
         "test_result_path":"\(resultPath)","parameters":[{"key":"PASSWORD","value":"hunter2","is_credential":true}]}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func definitionsRoundTrip(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/quality/testing", body: Self.body()).json == JSON(#"{"message":"success"}"#))
            let list = try await app.call(.get, "/openapi/quality/testing?projectKey=demo").json
            #expect(list["total"].int == 1)
            #expect(list["tests"][0]["name"].string == "unit")
            #expect(list["tests"][0]["desc"].string == "unit tests")
            let detail = try await app.call(.get, "/openapi/quality/testing/unit?projectKey=demo")
            #expect(detail.json["test_result_path"].string == "reports")
            #expect(detail.json["parameters"][0]["value"].string == "")
            #expect(!detail.text.contains("hunter2"))
            let updated = try await app.call(.put, "/openapi/quality/testing/unit", body: Self.body(script: "echo changed"))
            #expect(updated.status == .ok, "\(updated.text)")
            let stored = try #require(try await app.store.quality.get(TestDefinition.self, project: "demo", name: "unit"))
            #expect(stored.script == "echo changed")
            #expect(stored.parameters[0].value == "hunter2")
            // A run creates the test's workflow; deleting the test removes both.
            let run = try await app.call(.post, "/openapi/quality/testing/task", body: #"{"project_key":"demo","test_name":"unit"}"#)
            #expect(run.json["task_id"].int == 1, "\(run.text)")
            try await app.waitFor("zadig-testing-unit", 1)
            #expect(try await app.call(.delete, "/openapi/quality/testing/unit?projectKey=demo").status == .ok)
            #expect(try await app.store.workflows.get(key: "zadig-testing-unit") == nil)
            #expect(try await app.call(.get, "/openapi/quality/testing/unit?projectKey=demo").status == .notFound)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badCallsAnswerInZadigsEnvelope(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            try await app.makeProject("other")
            func expect(_ reply: Reply, _ status: HTTPResponse.Status, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["type"].string == "error", sourceLocation: sourceLocation)
                #expect(reply.json["description"].string == description, "\(reply.text)", sourceLocation: sourceLocation)
            }
            expect(try await app.call(.post, "/openapi/quality/testing/task", body: #"{"project_key":"demo"}"#), .badRequest, "test_name is required")
            expect(try await app.call(.post, "/openapi/quality/testing/task", body: #"{"test_name":"unit"}"#), .badRequest, "project_key is required")
            expect(
                try await app.call(.post, "/openapi/quality/testing/task", body: #"{"project_key":"demo","test_name":"unit","inputs":{}}"#),
                .badRequest, "inputs: expected an array")
            expect(
                try await app.call(.post, "/openapi/quality/testing/task", body: #"{"project_key":"demo","test_name":"none"}"#), .notFound,
                "test none not found in project demo")
            expect(try await app.call(.get, "/openapi/quality/testing/unit/task/x"), .badRequest, "taskID must be an integer")
            expect(try await app.call(.get, "/openapi/quality/testing/unit/task/7"), .notFound, "task 7 of test unit not found")
            expect(try await app.call(.get, "/openapi/quality/testing/unit"), .badRequest, "projectKey is required")
            expect(try await app.call(.get, "/openapi/quality/flaky"), .badRequest, "projectKey is required")
            expect(try await app.call(.get, "/openapi/quality/testing/none/flaky?projectKey=demo"), .notFound, "test none not found in project demo")
            expect(
                try await app.call(.post, "/openapi/quality/testing", body: Self.body(resultPath: "../etc")), .badRequest,
                "the report directory must be a relative path inside the workspace")
            expect(
                try await app.call(.put, "/openapi/quality/testing/other", body: Self.body()), .badRequest,
                "name unit does not match the path (other)")
            #expect(try await app.call(.post, "/openapi/quality/testing", body: Self.body()).status == .ok)
            expect(try await app.call(.post, "/openapi/quality/testing", body: Self.body()), .badRequest, "test unit already exists in project demo")
            // The test's workflow key is server-wide: the same name cannot run in a second project.
            #expect(try await app.call(.post, "/openapi/quality/testing/task", body: #"{"project_key":"demo","test_name":"unit"}"#).status == .ok)
            #expect(try await app.call(.post, "/openapi/quality/testing", body: Self.body(project: "other")).status == .ok)
            expect(
                try await app.call(.post, "/openapi/quality/testing/task", body: #"{"project_key":"other","test_name":"unit"}"#), .badRequest,
                "test name unit is already run by project demo: rename the test")
            try await app.waitFor("zadig-testing-unit", 1)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func permissions(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/quality/testing", body: Self.body()).status == .ok)
            #expect(try await app.call(.post, "/openapi/quality/testing/task", body: #"{"project_key":"demo","test_name":"unit"}"#).status == .ok)
            try await app.waitFor("zadig-testing-unit", 1)
            let reader = try await app.makeMember("reader")
            let runner = try await app.makeMember("runner", actions: ["get_test", "run_test"])
            let (_, outsider) = try await app.makeUser("outsider")
            let reads = [
                "/openapi/quality/testing?projectKey=demo", "/openapi/quality/testing/unit?projectKey=demo",
                "/openapi/quality/testing/unit/task/1?projectKey=demo", "/openapi/quality/testing/unit/flaky?projectKey=demo",
                "/openapi/quality/flaky?projectKey=demo",
            ]
            for uri in reads {
                #expect(try await app.call(.get, uri, as: reader).status == .ok, "\(uri)")
                let refused = try await app.call(.get, uri, as: outsider)
                #expect(refused.status == .forbidden, "\(uri)")
                #expect(refused.text.isEmpty)
                #expect(try await app.call(.get, uri, auth: .anonymous).status == .unauthorized, "\(uri)")
            }
            let run = #"{"project_key":"demo","test_name":"unit"}"#
            let writes: [(HTTPRequest.Method, String, String?)] = [
                (.post, "/openapi/quality/testing", Self.body("mine")), (.put, "/openapi/quality/testing/unit", Self.body()),
                (.delete, "/openapi/quality/testing/unit?projectKey=demo", nil), (.post, "/openapi/quality/testing/task", run),
            ]
            for (method, uri, body) in writes {
                for token in [reader, outsider] {
                    #expect(try await app.call(method, uri, as: token, body: body).status == .forbidden, "\(method) \(uri)")
                }
                #expect(try await app.call(method, uri, auth: .anonymous, body: body).status == .unauthorized, "\(method) \(uri)")
            }
            let allowed = try await app.call(.post, "/openapi/quality/testing/task", as: runner, body: run)
            #expect(allowed.json["task_id"].int == 2, "\(allowed.text)")
            try await app.waitFor("zadig-testing-unit", 2)
            #expect(try await app.call(.post, "/openapi/quality/testing", as: runner, body: Self.body("mine")).status == .forbidden)
        }
    }
}
