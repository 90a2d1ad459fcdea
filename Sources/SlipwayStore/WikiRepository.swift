import SQLKit
import SlipwayCore

/// A project's wiki (migration 27): pages in a tree, numbered per project (`wiki_counters`), each
/// with the versions (wiki commits) that changed it, and the ZIP jobs run on the wiki.
package struct WikiRepository: Sendable {
    let sql: any SQLStore

    struct PageRow: Decodable {
        var id: Int64
        var projectKey: String
        var iid: Int64
        var parentIid: Int64
        var title: String
        var position: Int64
        var creatorUid: String
        var editorUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "project_key", "iid", "parent_iid", "title", "position", "creator_uid", "editor_uid", "created_at", "updated_at",
        ]

        var page: WikiPage {
            var page = WikiPage(projectKey: projectKey, title: title)
            (page.id, page.iid, page.parentIid, page.position) = (id, iid, parentIid, position)
            (page.creatorUID, page.editorUID, page.createdAt, page.updatedAt) = (creatorUid, editorUid, createdAt, updatedAt)
            return page
        }
    }

    struct VersionRow: Decodable {
        var id: Int64
        var pageId: Int64
        var number: Int64
        var commitSha: String
        var title: String
        var message: String
        var editorUid: String
        var createdAt: Int64

        static let columns = ["id", "page_id", "number", "commit_sha", "title", "message", "editor_uid", "created_at"]

        var version: WikiVersion {
            var v = WikiVersion(commit: commitSha, title: title, message: message, editorUID: editorUid, createdAt: createdAt)
            (v.id, v.pageID, v.number) = (id, pageId, number)
            return v
        }
    }

    /// Reserve `count` new page numbers of a project; the first is returned. A reserved number
    /// whose page is never stored is simply skipped.
    package func reserveIids(projectKey: String, count: Int) async throws -> Int64 {
        try await sql.write { db in
            let query: SQLQueryString = """
                INSERT INTO wiki_counters (project_key, last_iid) VALUES (\(bind: projectKey), \(bind: Int64(count))) \
                ON CONFLICT (project_key) DO UPDATE SET last_iid = wiki_counters.last_iid + \(bind: Int64(count)) \
                RETURNING last_iid
                """
            guard let last = try await db.raw(query).first(decodingColumn: "last_iid", as: Int64.self) else {
                throw SlipwayError.internalError("no wiki counter for project \(projectKey)")
            }
            return last - Int64(count) + 1
        }
    }

    /// Store new pages, each with its first version, in one transaction.
    package func create(_ pages: [(page: WikiPage, version: WikiVersion)]) async throws -> [WikiPage] {
        try await sql.write { db in
            var stored: [WikiPage] = []
            for (page, version) in pages {
                var page = page
                page.id =
                    try await db.insert(into: "wiki_pages").columns(PageRow.columns.filter { $0 != "id" })
                    .values(Self.values(page)).returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
                try await Self.addVersion(version, page: page, db)
                stored.append(page)
            }
            return stored
        }
    }

    static func values(_ p: WikiPage) -> [any Encodable & Sendable] {
        [p.projectKey, p.iid, p.parentIid, p.title, p.position, p.creatorUID, p.editorUID, p.createdAt, p.updatedAt]
    }

    static func addVersion(_ version: WikiVersion, page: WikiPage, _ db: any SQLDatabase) async throws {
        let last =
            try await db.select().column(SQLFunction("max", args: SQLColumn("number")), as: "n").from("wiki_versions")
            .where("page_id", .equal, page.id).first(decodingColumn: "n", as: Int64?.self) ?? nil
        try await db.insert(into: "wiki_versions")
            .columns("project_key", "page_id", "number", "commit_sha", "title", "message", "editor_uid", "created_at")
            .values(
                SQLBind(page.projectKey), SQLBind(page.id), SQLBind((last ?? 0) + 1), SQLBind(version.commit), SQLBind(version.title),
                SQLBind(version.message), SQLBind(version.editorUID), SQLBind(version.createdAt)
            ).run()
    }

    /// Record a new version of a page, with its new title and editor.
    package func update(_ page: WikiPage, version: WikiVersion) async throws {
        try await sql.write { db in
            try await db.update("wiki_pages").set("title", to: page.title).set("editor_uid", to: page.editorUID)
                .set("updated_at", to: page.updatedAt).where("id", .equal, page.id).run()
            try await Self.addVersion(version, page: page, db)
        }
    }

    /// Put `iid` under `parentIid`, the siblings there taking the positions of `order`.
    package func move(projectKey: String, iid: Int64, parentIid: Int64, order: [Int64]) async throws {
        try await sql.write { db in
            try await db.update("wiki_pages").set("parent_iid", to: parentIid).where("project_key", .equal, projectKey)
                .where("iid", .equal, iid).run()
            for (position, sibling) in order.enumerated() {
                try await db.update("wiki_pages").set("position", to: Int64(position)).where("project_key", .equal, projectKey)
                    .where("iid", .equal, sibling).run()
            }
        }
    }

    /// Delete pages (their versions go with them).
    package func delete(projectKey: String, iids: [Int64]) async throws {
        guard !iids.isEmpty else { return }
        try await sql.write { db in
            try await db.delete(from: "wiki_pages").where("project_key", .equal, projectKey).where("iid", .in, iids).run()
        }
    }

    package func pages(projectKey: String) async throws -> [WikiPage] {
        try await sql.read { db in
            try await db.select().columns(PageRow.columns).from("wiki_pages").where("project_key", .equal, projectKey)
                .orderBy("parent_iid").orderBy("position").orderBy("iid").limit(100_000)
                .all(decoding: PageRow.self, keyDecodingStrategy: .snakeCase).map(\.page)
        }
    }

    package func page(projectKey: String, iid: Int64) async throws -> WikiPage? {
        try await sql.read { db in
            try await db.select().columns(PageRow.columns).from("wiki_pages").where("project_key", .equal, projectKey)
                .where("iid", .equal, iid).first(decoding: PageRow.self, keyDecodingStrategy: .snakeCase)?.page
        }
    }

    /// The commit of each page's latest version, by page id.
    package func latestCommits(projectKey: String) async throws -> [Int64: String] {
        struct Latest: Decodable {
            var pageId: Int64
            var commitSha: String
        }
        return try await sql.read { db in
            let rows = try await db.select().columns("page_id", "commit_sha").from("wiki_versions").where("project_key", .equal, projectKey)
                .orderBy("number").all(decoding: Latest.self, keyDecodingStrategy: .snakeCase)
            return Dictionary(rows.map { ($0.pageId, $0.commitSha) }, uniquingKeysWith: { _, last in last })
        }
    }

    /// A page's versions, oldest first.
    package func versions(pageID: Int64) async throws -> [WikiVersion] {
        try await sql.read { db in
            try await db.select().columns(VersionRow.columns).from("wiki_versions").where("page_id", .equal, pageID)
                .orderBy("number").all(decoding: VersionRow.self, keyDecodingStrategy: .snakeCase).map(\.version)
        }
    }
}
