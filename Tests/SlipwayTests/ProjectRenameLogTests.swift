import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// A project renamed (`ProjectRepository.modify`, which every API's rename goes through) takes
/// its operation log along: its lists by project and by environment page exactly under the new
/// key, and the old key lists nothing.
@Suite struct ProjectRenameLogTests {
    @Test(arguments: StoreKind.enabled)
    func aRenamedProjectsOperationLogPagesExactlyUnderItsNewKey(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let project = Project(key: "before", name: "Before", createdBy: "u")
            try await store.projects.create(project, creatorUID: "u")
            for n in 1...5 {
                try await store.operationLogs.record(
                    OperationLogPagingTests.entry(n, project: n == 3 ? "other" : "before", scene: "environment", targets: ["dev"]))
            }
            var renamed = project
            renamed.key = "after"
            try await store.projects.modify(key: "before", to: renamed)

            func list(_ query: OperationLogQuery) async throws -> ([String], Int) {
                let page = try await store.operationLogs.list(query)
                return (page.items.map(\.function), page.total)
            }
            #expect(try await list(OperationLogQuery(projectKey: "after", page: 1, perPage: 3)) == (["f5", "f4", "f2"], 4))
            #expect(try await list(OperationLogQuery(projectKey: "after", page: 2, perPage: 3)) == (["f1"], 4))
            #expect(try await list(OperationLogQuery(projectKey: "before", page: 1, perPage: 3)) == ([], 0))
            let dev = OperationLogQuery(projectKey: "after", scene: "environment", target: "dev", page: 2, perPage: 2)
            #expect(try await list(dev) == (["f2", "f1"], 4))
            #expect(try await list(OperationLogQuery(projectKey: "other", page: 1, perPage: 3)) == (["f3"], 1))
            // New entries continue the new key's numbers.
            try await store.operationLogs.record(OperationLogPagingTests.entry(6, project: "after", scene: "environment", targets: ["dev"]))
            #expect(try await list(OperationLogQuery(projectKey: "after", page: 1, perPage: 2)) == (["f6", "f5"], 5))
        }
    }
}
