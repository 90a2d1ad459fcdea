import Foundation
import SQLKit
import SlipwayCore
import Testing

/// `PlanningFixture`'s project alpha with labels "bug" (#FF0000) and "ui" (#00AA00) and module
/// "core"; their ids, and the project's numeric id.
struct IssueLabelFixture {
    let planning: PlanningFixture
    let projectID: Int64
    let bug: Int64
    let ui: Int64
    let core: Int64

    var h: CodingHarness { planning.h }

    static func make(_ h: CodingHarness) async throws -> IssueLabelFixture {
        let f = try await PlanningFixture.make(h)
        let project = try #require(try await h.store.numericIDs.projectIDs(keys: ["alpha"])["alpha"])
        let bug = try await f.ok("CreateProjectLabel", ##"{"ProjectId":\##(project),"Name":"bug","Color":"#FF0000"}"##)["Label"]["Id"].int ?? 0
        let ui = try await f.ok("CreateProjectLabel", ##"{"ProjectId":\##(project),"Name":"ui","Color":"#00AA00"}"##, token: f.dev)["Label"]["Id"].int ?? 0
        let core = try await f.ok("CreateIssueModule", #""Name":"core""#)["IssueModule"]["Id"].int ?? 0
        return IssueLabelFixture(planning: f, projectID: project, bug: Int64(bug), ui: Int64(ui), core: Int64(core))
    }

    /// `text` with `{project}`, `{bug}`, `{ui}` and `{core}` replaced by their ids.
    func fields(_ text: String) -> String {
        text.replacingOccurrences(of: "{project}", with: "\(projectID)").replacingOccurrences(of: "{bug}", with: "\(bug)")
            .replacingOccurrences(of: "{ui}", with: "\(ui)").replacingOccurrences(of: "{core}", with: "\(core)")
    }

    /// Labels, modules, label links and log entries project alpha holds.
    func snapshot() async throws -> [String] {
        var counts: [String] = []
        for table in ["issue_labels", "issue_modules", "issue_label_links", "issue_logs"] {
            let n = try await h.store.sql.read { db in
                try await db.raw("SELECT count(*) AS n FROM \(unsafeRaw: table)").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            counts.append("\(table) \(n)")
        }
        let modules = try await h.store.sql.read { db in
            try await db.raw("SELECT count(*) AS n FROM issues WHERE module_id IS NOT NULL").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        return counts + ["filed \(modules)"]
    }
}
