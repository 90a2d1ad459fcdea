import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Issue 15 audit, Zadig §8–10: every route of version management, artifacts and release plans,
/// on both stores: a valid call in Zadig's shape, a bad call in Zadig's error envelope with
/// nothing stored changed, and calls without a token, as a non-member and as a read-only member;
/// the operation log holds one entry per change call and none for a read (`ZadigRouteMatrix`).
@Suite struct ZadigDeliveryMatrixTests {
    static let versions = "/openapi/delivery/releases"
    static let plans = "/openapi/release_plan/v1"
    static let plan = "/api/aslan/release_plan/v1/{PLAN}"
    static let unknownPlan = "0123456789abcdef01234567"
    static let planBody = Harness.releasePlanBody(approvers: ["alice"], jobs: Harness.releaseJobs())

    /// In an order where each valid call leaves what the next needs. Ids: `VID` the fixture's
    /// version, `VID2` one the matrix makes, `PLAN` the fixture's plan with its jobs `TEXT` and
    /// `WF`, `ALICE` its approver's token, `ADMIN` the administrator's.
    static let cases: [ZadigRouteCase] = [
        ZadigRouteCase(
            "POST /openapi/delivery/releases/k8s", "\(versions)/k8s", body: DeliveryVersionAPITests.body("v2"), bad: "\(versions)/k8s",
            badBody: DeliveryVersionAPITests.body(""), 400, "version_name must be 1-256 characters", .write),
        ZadigRouteCase(
            "GET /openapi/delivery/releases", "\(versions)?projectKey=demo&pageNum=1&pageSize=10", bad: "\(versions)?projectKey=demo&pageSize=10", 400,
            "pageNum is required", .read, keys: ["list", "total"], seconds: ["list.0.create_time"]),
        ZadigRouteCase(
            "GET /openapi/delivery/releases/detail", "\(versions)/detail?projectKey=demo&versionName=v1.0", bad: "\(versions)/detail?projectKey=demo",
            400, "versionName can't be empty!", .read,
            keys: [
                "version", "project_name", "env_name", "production", "type", "source", "desc", "labels", "image_registry_id", "services", "status",
                "created_by", "created_at",
            ], seconds: ["created_at"]),
        ZadigRouteCase(
            "GET /openapi/delivery/releases/{id}", "\(versions)/{VID}?projectKey=demo", bad: "\(versions)/nope?projectKey=demo", 404,
            "delivery version nope not found", .read, keys: ["version", "project_name", "services", "status"], seconds: ["created_at"]),
        ZadigRouteCase(
            "POST /openapi/delivery/releases/helm", "\(versions)/helm", body: DeliveryVersionAPITests.body("v3"), bad: "\(versions)/helm",
            badBody: #"{"version_name":"v3"}"#, 400, "project_key is required", .write,
            refusedWith: (400, "helm chart versions are not supported: Slipway has no chart repository to push charts to")),
        ZadigRouteCase(
            "POST /openapi/delivery/releases/retry", "\(versions)/retry?id={VID}&projectKey=demo", bad: "\(versions)/retry?projectKey=demo", 400,
            "id can't be empty!", .write, refusedWith: (400, "can't reCreate version with status:success")),
        ZadigRouteCase(
            "DELETE /openapi/delivery/releases/{id}", "\(versions)/{VID2}?projectKey=demo", bad: "\(versions)/{VID}", 400, "projectKey can't be empty!",
            .write),
        ZadigRouteCase(
            "GET /api/aslan/delivery/releases", "/api/aslan/delivery/releases?projectName=demo", bad: "/api/aslan/delivery/releases?projectName=demo&taskId=x",
            400, #"strconv.Atoi: parsing "x": invalid syntax"#, .read, keys: ["[]"]),

        ZadigRouteCase(
            "POST /openapi/release_plan/v1", plans, body: Harness.releasePlanBody("second"), bad: plans, badBody: #"{"manager":"mgr"}"#, 400,
            "Required parameters are missing", .write, keys: ["id"]),
        ZadigRouteCase(
            "GET /openapi/release_plan/v1", "\(plans)?pageNum=1&pageSize=10", bad: "\(plans)?pageSize=10", 400, "pageNum is required", .open,
            keys: ["list", "total"], seconds: ["list.0.create_time"], caller: "ADMIN"),
        ZadigRouteCase(
            "GET /openapi/release_plan/v1/{id}", "\(plans)/{PLAN}", bad: "\(plans)/\(unknownPlan)", 404, "release plan \(unknownPlan) not found",
            .participant,
            keys: [
                "id", "index", "name", "manager", "manager_id", "description", "created_by", "create_time", "updated_by", "update_time", "approval",
                "jobs", "status",
            ], seconds: ["create_time", "update_time"], caller: "ALICE"),
        ZadigRouteCase(
            "PATCH /openapi/release_plan/v1/{id}", "\(plans)/{PLAN}", body: planBody, bad: "\(plans)/{PLAN}",
            badBody: Harness.releasePlanBody(jobs: #"[{"name":"x","type":"shell","spec":{}}]"#), 400, "jobs[0].type: invalid release job type: shell",
            .write),
        ZadigRouteCase(
            "GET /api/aslan/release_plan/v1/{id}/logs", "\(plan)/logs", bad: "/api/aslan/release_plan/v1/\(unknownPlan)/logs", 404,
            "release plan \(unknownPlan) not found", .participant, keys: ["list"], seconds: ["list.0.created_at"], caller: "ALICE"),
        ZadigRouteCase(
            "POST /api/aslan/release_plan/v1/{id}/status/{status}", "\(plan)/status/finish_planning", bad: "\(plan)/status/bogus", 400,
            "unknown release plan status bogus", .write),
        ZadigRouteCase(
            "POST /api/aslan/release_plan/v1/{id}/approve", "\(plan)/approve", body: #"{"approve":true,"comment":"ok"}"#, bad: "\(plan)/approve",
            badBody: #"{"approve":true}"#, 400, "plan status is planning, can not approve", .write, caller: "ALICE"),
        ZadigRouteCase(
            "POST /api/aslan/release_plan/v1/{id}/execute", "\(plan)/execute", body: #"{"id":"{TEXT}","type":"text"}"#, bad: "\(plan)/execute",
            badBody: #"{"type":"text"}"#, 400, "id: required field is missing", .write),
        ZadigRouteCase(
            "POST /api/aslan/release_plan/v1/{id}/retry", "\(plan)/retry", body: #"{"id":"{WF}","name":"ship","type":"workflow"}"#, bad: "\(plan)/retry",
            badBody: #"{"id":"{TEXT}","type":"text"}"#, 400, "text release job does not support retry", .write),
        ZadigRouteCase(
            "POST /api/aslan/release_plan/v1/{id}/skip", "\(plan)/skip", body: #"{"id":"{WF}","type":"workflow"}"#, bad: "\(plan)/skip",
            badBody: #"{"id":"{TEXT}","type":"text"}"#, 400, "plan status is planning, can not skip", .write),
        ZadigRouteCase(
            "DELETE /api/aslan/release_plan/v1/{id}", plan, bad: "/api/aslan/release_plan/v1/\(unknownPlan)", 404, "release plan \(unknownPlan) not found",
            .write),
    ]

    @Test func everyRouteIsInTheMatrix() async throws {
        let routes = try await ZadigRouteMatrix.registeredRoutes(under: [
            "/openapi/delivery", "/api/aslan/delivery", "/openapi/release_plan", "/api/aslan/release_plan",
        ])
        #expect(routes == Set(Self.cases.map(\.route)))
        #expect(routes.count == 19)
    }

    /// Project demo with version `v1.0`; workflow `deploy` (which fails); users `mgr` and `alice`;
    /// a plan they manage and approve, with a text job and a job running `deploy`, still planning.
    static func fixture(_ app: Harness) async throws -> [String: String] {
        try await app.makeProject("demo")
        #expect(try await app.call(.post, "\(versions)/k8s", body: DeliveryVersionAPITests.body()).status == .ok)
        let version = try #require(try await app.store.deliveryVersions.get(projectKey: "demo", name: "v1.0")?.id)
        try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "exit 3")])])
        _ = try await app.makeUser("mgr")
        let (_, alice) = try await app.makeUser("alice")
        let id = try await app.makeReleasePlan(planBody)
        #expect(try await app.call(.patch, "\(plans)/\(id)", body: planBody).status == .ok)
        let jobs = try await app.releasePlan(id)["jobs"]
        return [
            "VID": version, "PLAN": id, "TEXT": try #require(jobs[0]["id"].string), "WF": try #require(jobs[1]["id"].string), "ALICE": alice,
            "ADMIN": app.adminToken,
        ]
    }

    /// What the routes can change, read as the administrator.
    static func snapshot(_ app: Harness, plan: String) async throws -> [JSON] {
        var reads: [JSON] = []
        for uri in [
            "\(versions)?projectKey=demo&pageNum=1&pageSize=50", "\(versions)/detail?projectKey=demo&versionName=v1.0",
            "/api/aslan/delivery/releases?projectName=demo", "\(plans)?pageNum=1&pageSize=50", "\(plans)/\(plan)",
            "/api/aslan/release_plan/v1/\(plan)/logs", "/openapi/workflows/custom/task?taskId=1&workflowKey=deploy",
        ] {
            reads.append(try await app.call(.get, uri).json)
        }
        return reads
    }

    @Test(arguments: StoreKind.enabled)
    func eachRouteAnswersAValidCallInZadigsShape(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var ids = try await Self.fixture(app)
            let matrix = try await ZadigRouteMatrix.make(app)
            let plan = try #require(ids["PLAN"])
            try await matrix.valid(Self.cases, ids: &ids) { c, reply, ids in
                switch c.route {
                case "POST /openapi/delivery/releases/k8s":
                    ids["VID2"] = try await app.store.deliveryVersions.get(projectKey: "demo", name: "v2")?.id
                case "POST /openapi/release_plan/v1":
                    ids["PLAN2"] = reply.json["id"].string
                case "POST /api/aslan/release_plan/v1/{id}/status/{status}":
                    #expect(try await app.moveReleasePlan(plan, to: "wait_for_approval", as: app.adminToken).status == .ok)
                case "POST /api/aslan/release_plan/v1/{id}/approve":
                    #expect(try await app.releasePlan(plan)["status"].string == "executing")
                case "POST /api/aslan/release_plan/v1/{id}/execute":
                    #expect(try await app.releasePlan(plan)["jobs"][0]["status"].string == "done")
                    let workflow = #"{"id":"\#(ids["WF"] ?? "")","type":"workflow"}"#
                    #expect(try await app.call(.post, "/api/aslan/release_plan/v1/\(plan)/execute", body: workflow).status == .ok)
                    try await app.waitForReleasePlan(plan, seconds: 60) { $0["jobs"][1]["status"].string == "failed" }
                case "POST /api/aslan/release_plan/v1/{id}/retry":
                    try await app.waitFor("deploy", 1, seconds: 60)
                    try await app.waitForReleasePlan(plan, seconds: 60) { $0["jobs"][1]["status"].string == "failed" }
                    #expect(try await app.task("deploy", 1)["status"].string == "failed")
                case "POST /api/aslan/release_plan/v1/{id}/skip":
                    let detail = try await app.releasePlan(plan)
                    #expect(detail["jobs"][1]["status"].string == "skipped" && detail["status"].string == "success", "\(detail)")
                default: break
                }
            }
            // What the valid calls did: v2 made and deleted, the first plan deleted, the second kept.
            #expect(try await app.store.deliveryVersions.list(projectKey: "demo", page: 1, pageSize: 10).items.map(\.version) == ["v1.0"])
            #expect(try await app.call(.get, "\(Self.plans)/\(plan)").status == .notFound)
            #expect(try await app.call(.get, "\(Self.plans)?pageNum=1&pageSize=10").json["list"][0]["id"].string == ids["PLAN2"])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badCallsAnswerZadigsEnvelopeAndChangeNothing(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let ids = try await Self.fixture(app)
            let matrix = try await ZadigRouteMatrix.make(app)
            let before = try await Self.snapshot(app, plan: ids["PLAN"] ?? "")
            try await matrix.bad(Self.cases, ids: ids)
            #expect(try await Self.snapshot(app, plan: ids["PLAN"] ?? "") == before, "a refused call changes nothing")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func eachRouteRefusesCallersWithoutPermission(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var ids = try await Self.fixture(app)
            ids["VID2"] = ids["VID"]
            let matrix = try await ZadigRouteMatrix.make(app)
            let before = try await Self.snapshot(app, plan: ids["PLAN"] ?? "")
            try await matrix.refusals(Self.cases, ids: ids)
            #expect(try await Self.snapshot(app, plan: ids["PLAN"] ?? "") == before, "a refused call changes nothing")
        }
    }
}
