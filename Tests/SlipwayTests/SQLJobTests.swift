import Foundation
import SQLKit
import SlipwayEngine
import SlipwayStore
import Testing

/// `sql` jobs run scripts against registered databases, all-or-nothing.
@Suite struct SQLJobTests {
    @Test func statementSplittingRespectsQuotesAndComments() {
        #expect(
            SQLJobExecutor.statements(in: "create table t(a text); insert into t values ('x;y'); -- note; here\nselect 1;") == [
                "create table t(a text)", "insert into t values ('x;y')", "select 1",
            ])
        #expect(SQLJobExecutor.statements(in: " ; ;") == [])
    }

    @Test(arguments: StoreKind.enabled)
    func sqlJobRunsAgainstARegisteredSQLiteFile(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let path = app.scratch.appendingPathComponent("app.sqlite").path
            let registered = try await app.call(.post, "/api/aslan/system/dbinstance", body: #"{"name":"appdb","type":"sqlite","path":"\#(path)"}"#)
            #expect(registered.status == .ok, "\(registered.text)")
            let list = try await app.call(.get, "/api/aslan/system/dbinstance").json
            #expect(list[0]["name"].string == "appdb")
            let job = { (name: String, sql: String) in
                #"{"name":"\#(name)","type":"sql","spec":{"id":"appdb","type":"sqlite","sql":\#(Harness.jsonString(sql))}}"#
            }
            try await app.makeWorkflow(
                "migrate", params: #"[{"name":"who","type":"string","value":"ada"}]"#,
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            job(
                                "schema",
                                "create table people(name text primary key); insert into people values ('{{.workflow.params.who}}'); select name from people;")
                        ])
                ])
            let id = try await app.run("migrate")
            #expect(try await app.waitFor("migrate", id)["status"].string == "passed")
            let log = try await app.log("migrate", id, job: "schema")
            #expect(log.contains("→ 1 row(s)") && log.contains("name=ada"), "\(log)")

            // A failing statement rolls back the whole script.
            try await app.makeWorkflow(
                "broken",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            job("partial", "insert into people values ('bob'); insert into nosuchtable values (1);")
                        ])
                ])
            let broken = try await app.waitFor("broken", try await app.run("broken"))
            #expect(broken["status"].string == "failed")
            let check = try await SQLiteStore.open(path: path, logger: .init(label: "check"))
            let names = try await check.read { db in
                try await db.select().column("name").from("people").orderBy("name").all(decodingColumn: "name", as: String.self)
            }
            await check.close()
            #expect(names == ["ada"], "bob was rolled back")

            // Run-time inputs choose the script.
            let custom = try await app.run(
                "migrate", inputs: #"[{"job_name":"schema","job_type":"sql","parameters":{"database_name":"appdb","sql":"select count(*) as n from people"}}]"#)
            #expect(try await app.waitFor("migrate", custom)["status"].string == "passed")
            #expect(try await app.log("migrate", custom, job: "schema").contains("n=1"))

            let unknownDB = try await app.call(
                .post, "/api/aslan/workflow/v4",
                body: """
                    {"name":"nodb","display_name":"n","project":"demo","concurrency_limit":-1,"stages":[{"name":"s","jobs":[{"name":"q","type":"sql","spec":{"sql":"select 1"}}]}]}
                    """)
            #expect(unknownDB.json["description"].string == "job q: sql job needs the database id")
            let bad = try await app.call(.post, "/api/aslan/system/dbinstance", body: #"{"name":"x","type":"mysql"}"#)
            #expect(bad.json["description"].string == "type must be sqlite or postgresql")
            let badHost = try await app.call(
                .post, "/api/aslan/system/dbinstance", body: #"{"name":"y","type":"postgresql","host":"db host/?x","password":"pw"}"#)
            #expect(badHost.status == .badRequest)
            #expect(badHost.json["description"].string == "host, username and database must make a postgres:// URL")
            #expect(!(try await app.call(.get, "/api/aslan/system/dbinstance").text.contains("\"y\"")), "nothing was registered")
        }
    }

    @Test func sqlJobRunsAgainstPostgreSQL() async throws {
        guard let base = StoreKind.postgresURL else { return }
        try await withApp(.sqlite) { app in
            let url = try PostgresURL.parse(base)
            let name = "slw_sqljob_" + UUID().uuidString.prefix(8).lowercased()
            let admin = try PostgresStore.connect(url: base, logger: .init(label: "t"), maximumConnections: 1)
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            let registered = try await app.call(
                .post, "/api/aslan/system/dbinstance",
                body: """
                    {"name":"pg","type":"postgresql","host":"\(url.host)","port":\(url.port),"username":"\(url.username)","password":"\(url.password ?? "")","database":"\(name)"}
                    """)
            #expect(registered.status == .ok)
            #expect(!(try await app.call(.get, "/api/aslan/system/dbinstance").text.contains(url.password ?? "\u{0}")), "passwords are never returned")
            try await app.makeWorkflow(
                "pgjob",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            #"{"name":"q","type":"sql","spec":{"id":"pg","sql":"create table t(a int); insert into t values (41),(1); select sum(a) as total from t"}}"#
                        ])
                ])
            let id = try await app.run("pgjob")
            #expect(try await app.waitFor("pgjob", id)["status"].string == "passed")
            let pgLog = try await app.log("pgjob", id, job: "q")
            #expect(pgLog.contains("total=42"), "\(pgLog)")
            try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
            await admin.close()
        }
    }
}
