import Foundation
import Testing

/// Issue 10.3–10.5: view names in paths are percent-decoded, a view update only enables or
/// disables what it lists, and NUL in a Zadig body is refused.
@Suite struct ViewNameTests {
    @Test(arguments: StoreKind.enabled)
    func viewsNamedWithSpacesOrNonASCIICanBeEditedAndDeleted(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("wf-a", stages: [])
            for name in ["my view", "发布 视图", "a/b?c"] {
                let created = try await app.call(
                    .post, "/openapi/workflows/view",
                    body: """
                        {"project_key":"demo","name":\(Harness.jsonString(name)),"workflow_list":[{"workflow_key":"wf-a","workflow_type":"custom"}]}
                        """)
                #expect(created.status == .ok, "\(created.text)")
                let path = try #require(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let edited = try await app.call(
                    .put, "/openapi/workflows/view/\(path)?projectKey=demo",
                    body: #"{"workflow_list":[{"workflow_key":"wf-a","workflow_type":"custom","enabled":false}]}"#)
                #expect(edited.status == .ok, "edit \(name): \(edited.text)")
                let filtered = try await app.call(.get, "/openapi/workflows?projectKey=demo&viewName=\(path)")
                #expect(filtered.status == .ok && filtered.json["workflows"].array.isEmpty, "\(filtered.text)")
                #expect(try await app.call(.delete, "/openapi/workflows/view/\(path)?projectKey=demo").status == .ok, "delete \(name)")
            }
            #expect(try await app.call(.get, "/openapi/workflows/view?projectKey=demo").json.array.isEmpty)
            // Other name-taking routes decode too.
            #expect(try await app.call(.get, "/openapi/workflows/custom/wf%2Da/detail?projectKey=demo").json["workflow_key"].string == "wf-a")
            #expect(try await app.call(.get, "/openapi/workflows/custom/wf%2Da/tasks?projectKey=demo").status == .ok)
            let bad = try await app.call(.get, "/openapi/workflows/custom/wf%ZZ/detail?projectKey=demo")
            #expect(bad.status == .badRequest)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func updatingAViewOnlyTogglesTheListedWorkflows(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            for key in ["wa", "wb", "wc"] { try await app.makeWorkflow(key, stages: []) }
            _ = try await app.call(
                .post, "/openapi/workflows/view",
                body: """
                    {"project_key":"demo","name":"v","workflow_list":[{"workflow_key":"wa","workflow_type":"custom"},{"workflow_key":"wb","workflow_type":"custom"}]}
                    """)
            func keys() async throws -> [String] {
                try await app.call(.get, "/openapi/workflows/view?projectKey=demo").json[0]["workflows"].array.compactMap { $0["workflow_key"].string }
            }
            let off = try await app.call(
                .put, "/openapi/workflows/view/v?projectKey=demo", body: #"{"workflow_list":[{"workflow_key":"wb","workflow_type":"custom","enabled":false}]}"#)
            #expect(off.status == .ok)
            #expect(try await keys() == ["wa"], "disabling wb leaves wa in the view")
            let on = try await app.call(
                .put, "/openapi/workflows/view/v?projectKey=demo", body: #"{"workflow_list":[{"workflow_key":"wc","workflow_type":"custom","enabled":true}]}"#)
            #expect(on.status == .ok)
            #expect(try await keys() == ["wa", "wc"])
            let unknown = try await app.call(
                .put, "/openapi/workflows/view/v?projectKey=demo", body: #"{"workflow_list":[{"workflow_key":"nope","enabled":true}]}"#)
            #expect(unknown.json["code"].int == 6893)
            #expect(try await keys() == ["wa", "wc"])
            let missing = try await app.call(.put, "/openapi/workflows/view/none?projectKey=demo", body: #"{"workflow_list":[]}"#)
            #expect(missing.json["code"].int == 6893)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func nulInAZadigBodyIsRefused(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("wa", stages: [])
            let view = try await app.call(.post, "/openapi/workflows/view", body: #"{"project_key":"demo","name":"\u0000nul","workflow_list":[]}"#)
            #expect(view.status == .badRequest)
            #expect(view.json["description"].string == "name: strings must not contain NUL (\\u0000)")
            #expect(try await app.call(.get, "/openapi/workflows/view?projectKey=demo").json.array.isEmpty, "nothing stored as \"\"")
            let workflow = try await app.call(
                .post, "/api/aslan/workflow/v4", body: #"{"name":"wn","display_name":"a\u0000b","project":"demo","concurrency_limit":1}"#)
            #expect(workflow.status == .badRequest)
            #expect(workflow.json["description"].string == "display_name: strings must not contain NUL (\\u0000)")
            let run = try await app.call(
                .post, "/openapi/workflows/custom/task",
                body: #"{"project_key":"demo","workflow_key":"wa","parameters":[{"name":"x","value":"\u0000"}],"inputs":[]}"#)
            #expect(run.status == .badRequest)
            #expect(run.json["description"].string == "parameters[0].value: strings must not contain NUL (\\u0000)")
        }
    }
}
