import Foundation
import Logging
import SlipwayCore
import SlipwayStore

/// `slipway-bench --issues`: DescribeIssueListWithPage's query at scale (issue 16). Fills one
/// project with `--rows` issues (default 100,000) through the issue repository (codes, status
/// history and all), then times a page of 20 under a 3-condition filter (type, status class,
/// priority, assignee) with its total, `--samples` times (default 300).
///
///     slipway-bench --issues [--rows N] [--samples N] [--postgres URL]
enum IssueListBench {
    static func run(_ arguments: [String]) async throws {
        func value(_ flag: String) -> Int? {
            arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
        }
        var logger = Logger(label: "issue-bench")
        logger.logLevel = .error
        let rows = value("--rows") ?? 100_000, samples = value("--samples") ?? 300
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-issues-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let postgres = arguments.firstIndex(of: "--postgres").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        let store = try await StoreOpener.open(databaseURL: postgres, dataDirectory: directory, logger: logger)
        let people = ["bench-a", "bench-b", "bench-c", "bench-d"]
        for uid in people { try await store.users.create(User(uid: uid, account: uid, name: uid)) }
        try await store.projects.create(Project(key: "bench", name: "Bench", createdBy: "bench-a"), creatorUID: "bench-a")
        let kinds: [IssueKind] = [.requirement, .defect, .mission, .requirement]
        let start = ContinuousClock.now
        for n in 0..<rows {
            let kind = kinds[n % kinds.count]
            let statuses = IssueWorkflow.statuses(of: kind)
            var issue = Issue(
                projectKey: "bench", kind: kind, name: "issue \(n)", statusID: statuses[(n / 7) % statuses.count].id,
                priority: Issue.priorities[(n / 3) % 4])
            issue.assigneeUID = people[(n / 11) % people.count]
            issue.creatorUID = "bench-a"
            issue.createdAt = 1_700_000_000_000 + Int64(n)
            issue.updatedAt = issue.createdAt
            _ = try await store.issues.create(issue)
        }
        report("issues: store", postgres == nil ? "sqlite (WAL)" : "postgresql")
        report("issues: rows filled", String(format: "%d in %.1f s", rows, seconds(since: start)))
        let assignee = try await store.numericIDs.userIDs(uids: ["bench-b"])["bench-b"] ?? 0
        var query = IssueQuery(projectKey: "bench")
        query.conditions = [.kinds([.requirement]), .statusCategories([.todo, .processing]), .priorities(["2", "3"]), .assignees([assignee])]
        var times: [Double] = []
        var total = 0
        for _ in 0..<samples {
            let t0 = ContinuousClock.now
            total = try await store.issues.list(query).total
            times.append(seconds(since: t0) * 1000)
        }
        report("issues: matching the filter", "\(total)")
        report(
            "issues: page 1 of 20 + total p50 / p99 (ms, target p99 ≤ 20)",
            String(format: "%.2f / %.2f", percentile(times, 0.5), percentile(times, 0.99)))
        await store.close()
    }
}
