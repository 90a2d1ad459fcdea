import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import Testing

/// Issue 14: the project page lists workflows, repositories and applications; a workflow's run
/// list shows how each run was started and is paged.
@Suite struct ProjectPageTests {
    @Test(arguments: StoreKind.enabled)
    func theRunListIsPagedAndShowsEachTrigger(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await WebPageTests.makeProject(app)
            let workflow = Workflow(key: "many", displayName: "Many", projectKey: "demo", createdBy: "admin")
            try await app.store.workflows.create(workflow)
            for i in 0..<25 {
                var task = WorkflowTask(workflow: workflow, taskID: 0, creator: "user\(i)", params: [], stages: [], now: 1_000 + Int64(i))
                task.status = .passed
                _ = try await app.store.tasks.create(task)
            }
            var browser = try await app.adminBrowser()
            let first = try await browser.get("/ui/projects/demo/workflows/many")
            #expect(first.status == .ok)
            #expect(first.text.components(separatedBy: "<td>manual</td>").count - 1 == 20, "\(first.text)")
            #expect(first.text.contains(#"href="/ui/projects/demo/workflows/many/runs/25">#25</a>"#))
            #expect(first.text.contains("<td>user24</td>") && !first.text.contains("<td>user4</td>"))
            #expect(first.text.contains(#"<a rel="next" href="/ui/projects/demo/workflows/many?page=2">"#))
            #expect(first.text.contains("Page 1 of 2"))
            let second = try await browser.get("/ui/projects/demo/workflows/many?page=2")
            #expect(second.text.components(separatedBy: "<td>manual</td>").count - 1 == 5)
            #expect(second.text.contains("<td>user0</td>") && second.text.contains(#"rel="prev""#) && !second.text.contains(#"rel="next""#))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aProjectWithoutRepositoriesOrApplicationsSaysSo(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await WebPageTests.makeProject(app)
            var browser = try await app.adminBrowser()
            let page = try await browser.get("/ui/projects/demo")
            #expect(page.status == .ok)
            #expect(page.text.contains("This project has no repositories."))
            #expect(page.text.contains("No application you may see."))
            #expect(page.text.contains("This project has no workflows."))
        }
    }
}
