import Foundation
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 12 point 2: a task page reads the list columns, its total is the maintained count, and
/// page N is one index range (keyset) while numbers are dense, OFFSET over the index otherwise.
@Suite struct TaskListTests {
    /// A project `p` with workflow `wf` ("Work Flow") and `count` tasks numbered 1…count.
    static func seed(_ store: Store, count: Int, workflow key: String = "wf") async throws -> Workflow {
        if try await store.projects.get(key: "p") == nil {
            try await store.users.create(User(uid: "u", account: "u", name: "U", isAdmin: true))
            try await store.projects.create(Project(key: "p", name: "P", createdBy: "u"), creatorUID: "u")
        }
        let workflow = Workflow(key: key, displayName: "Work Flow", projectKey: "p", createdBy: "u")
        try await store.workflows.create(workflow)
        for i in 0..<count {
            var task = WorkflowTask(workflow: workflow, taskID: 0, creator: "c\(i)", params: [], stages: [], now: 1_000 + Int64(i))
            task.status = .passed
            _ = try await store.tasks.create(task)
        }
        return workflow
    }

    /// Every page of `size`, walked from page 1 to one past the end.
    static func pages(_ store: Store, _ key: String = "wf", size: Int) async throws -> (ids: [[Int]], totals: Set<Int>) {
        var ids: [[Int]] = [], totals: Set<Int> = []
        var number = 1
        while true {
            let page = try await store.tasks.summaries(workflowKey: key, page: number, pageSize: size)
            totals.insert(page.total)
            if page.items.isEmpty { return (ids, totals) }
            ids.append(page.items.map(\.taskID))
            number += 1
        }
    }

    @Test(arguments: StoreKind.enabled)
    func everyPageHoldsTheRightTasksNewestFirst(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await Self.seed(store, count: 23)
            let walked = try await Self.pages(store, size: 5)
            #expect(walked.ids == [[23, 22, 21, 20, 19], [18, 17, 16, 15, 14], [13, 12, 11, 10, 9], [8, 7, 6, 5, 4], [3, 2, 1]])
            #expect(walked.totals == [23])
            let first = try #require(try await store.tasks.summaries(workflowKey: "wf", page: 1, pageSize: 1).items.first)
            #expect(
                first
                    == TaskSummary(
                        workflowKey: "wf", workflowName: "Work Flow", projectKey: "p", taskID: 23, status: .passed, creator: "c22",
                        createdAt: 1_022, startedAt: 0, endedAt: 0))
            let far = try await store.tasks.summaries(workflowKey: "wf", page: Int(Int32.max), pageSize: 500)
            #expect(far.items.isEmpty && far.total == 23)
            let none = try await store.tasks.summaries(workflowKey: "unknown", page: 1, pageSize: 5)
            #expect(none.items.isEmpty && none.total == 0)
        }
    }

    /// Numbers with gaps (rows an older version removed, a number taken and never stored): the
    /// count no longer equals the last number, and paging falls back to OFFSET, still exact.
    @Test(arguments: StoreKind.enabled)
    func gapsInTheNumbersStillPageCorrectly(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await Self.seed(store, count: 12)
            try await store.sql.write { db in
                try await db.raw("DELETE FROM tasks WHERE workflow_key = 'wf' AND task_id IN (4, 9)").run()
                try await db.raw("UPDATE workflow_counters SET task_count = task_count - 2, last_task_id = 14 WHERE workflow_key = 'wf'").run()
            }
            let walked = try await Self.pages(store, size: 4)
            #expect(walked.ids == [[12, 11, 10, 8], [7, 6, 5, 3], [2, 1]])
            #expect(walked.totals == [10])
            _ = try await store.tasks.create(
                WorkflowTask(
                    workflow: Workflow(key: "wf", displayName: "Work Flow", projectKey: "p", createdBy: "u"), taskID: 0, creator: "c", params: [], stages: []))
            let after = try await Self.pages(store, size: 4)
            #expect(after.ids == [[15, 12, 11, 10], [8, 7, 6, 5], [3, 2, 1]])
            #expect(after.totals == [11])
        }
    }

    /// The count follows every insert, and every way tasks are deleted (whole workflow, project).
    @Test(arguments: StoreKind.enabled)
    func totalsFollowInsertsAndDeletes(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await Self.seed(store, count: 3)
            _ = try await Self.seed(store, count: 2, workflow: "other")
            #expect(try await store.tasks.summaries(workflowKey: "wf", page: 1, pageSize: 10).total == 3)
            #expect(try await store.tasks.summaries(workflowKey: "other", page: 1, pageSize: 10).total == 2)
            try await store.workflows.delete(key: "wf", projectKey: "p")
            #expect(try await store.tasks.summaries(workflowKey: "wf", page: 1, pageSize: 10).total == 0)
            _ = try await Self.seed(store, count: 1)
            let again = try await store.tasks.summaries(workflowKey: "wf", page: 1, pageSize: 10)
            #expect(again.total == 1 && again.items.map(\.taskID) == [1], "a recreated workflow numbers and counts from 1")
            _ = try await store.projects.delete(key: "p")
            #expect(try await store.tasks.summaries(workflowKey: "other", page: 1, pageSize: 10).total == 0)
            #expect(try await store.tasks.summaries(workflowKey: "wf", page: 1, pageSize: 10).total == 0)
        }
    }

    /// A status change shows in the list (the columns are what `save` writes).
    @Test(arguments: StoreKind.enabled)
    func listShowsTheSavedStatus(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await Self.seed(store, count: 2)
            try await store.tasks.update(workflowKey: "wf", taskID: 1) { task in
                task.status = .failed
                task.startedAt = 5_000
                task.endedAt = 6_000
            }
            let one = try #require(try await store.tasks.summary(workflowKey: "wf", taskID: 1))
            #expect((one.status, one.startedAt, one.endedAt) == (.failed, 5_000, 6_000))
            #expect(try await store.tasks.summaries(workflowKey: "wf", page: 2, pageSize: 1).items.map(\.status) == [.failed])
        }
    }

    /// SQLite serves page 1 and a deep page from the covering index: no table scan, no sort,
    /// no read of the run state.
    @Test func sqlitePagesUseTheCoveringIndex() async throws {
        try await withFreshStore(.sqlite) { store in
            _ = try await Self.seed(store, count: 30)
            for page in [1, 5] {
                let plan = try await store.tasks.summariesPlan(workflowKey: "wf", page: page, pageSize: 5)
                #expect(plan.count == 1, "\(plan)")
                #expect(plan.allSatisfy { $0.contains("USING COVERING INDEX tasks_list (workflow_key=? AND task_id<?)") }, "\(plan)")
                #expect(!plan.contains { $0.contains("SCAN") || $0.contains("TEMP B-TREE") }, "\(plan)")
            }
        }
    }
}
