import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Zadig §10 artifact management: `GET /api/aslan/delivery/releases` lists versions with their
/// deployments in the legacy camelCase shape, filtered by project, workflow, task and service.
@Suite struct DeliveryArtifactAPITests {
    static let list = "/api/aslan/delivery/releases"

    @Test(arguments: StoreKind.enabled)
    func versionsListWithWhatTheyDeliver(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            try await app.makeProject("other")
            let create = "/openapi/delivery/releases/k8s"
            #expect(try await app.call(.post, create, body: DeliveryVersionAPITests.body("v1.0")).status == .ok)
            let apiOnly = DeliveryVersionAPITests.body("v1.1").replacingOccurrences(of: #""service_name":"web""#, with: #""service_name":"api""#)
            #expect(try await app.call(.post, create, body: apiOnly).status == .ok)
            #expect(try await app.call(.post, create, body: DeliveryVersionAPITests.body("o1", project: "other")).status == .ok)

            let all = try await app.call(.get, "\(Self.list)?projectName=demo").json
            #expect(all.array.map { $0["versionInfo"]["version"].string } == ["v1.1", "v1.0"], "\(all)")
            let first = all[1]
            #expect(first["versionInfo"]["productName"].string == "demo" && first["versionInfo"]["createdBy"].string == "admin")
            #expect(first["versionInfo"]["labels"][0].string == "stable" && first["versionInfo"]["desc"].string == "first")
            #expect(first["versionInfo"]["taskId"].int == 0 && first["versionInfo"]["workflowName"].string == "")
            let deploy = first["deployInfo"][0]
            #expect(deploy["serviceName"].string == "web/web" && deploy["containerName"].string == "web")
            #expect(deploy["image"].string == "registry.local/web:1.0")
            #expect(deploy["yamlContents"][0].string == DeliveryVersionAPITests.manifests)
            #expect(deploy["releaseId"].string == first["versionInfo"]["id"].string)
            #expect(deploy["orderedServices"] == JSON(#"[["web"]]"#))
            #expect(first["buildInfo"] == JSON("[]") && first["testInfo"] == JSON("[]") && first["securityStatsInfo"] == JSON("[]"))

            // Filters: a service, a page, a workflow or task (versions here never come from a task).
            #expect(
                try await app.call(.get, "\(Self.list)?projectName=demo&serviceName=web").json.array.map { $0["versionInfo"]["version"].string } == ["v1.0"])
            #expect(
                try await app.call(.get, "\(Self.list)?projectName=demo&page=2&per_page=1").json.array.map { $0["versionInfo"]["version"].string } == ["v1.0"])
            #expect(try await app.call(.get, "\(Self.list)?projectName=demo&workflowName=build").json == JSON("[]"))
            #expect(try await app.call(.get, "\(Self.list)?projectName=demo&taskId=3").json == JSON("[]"))
            // Without a project, an administrator sees every project's versions.
            #expect(try await app.call(.get, Self.list).json.array.count == 3)

            let bad = try await app.call(.get, "\(Self.list)?projectName=demo&taskId=x")
            #expect(bad.status == .badRequest && bad.json["type"].string == "error", "\(bad.text)")
            #expect(bad.json["description"].string == #"strconv.Atoi: parsing "x": invalid syntax"#)
            let badPage = try await app.call(.get, "\(Self.list)?projectName=demo&per_page=many")
            #expect(badPage.status == .badRequest && badPage.json["type"].string == "error", "\(badPage.text)")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func onlyThoseWhoMayReadAProjectsVersionsListThem(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeProject("demo")
            #expect(try await app.call(.post, "/openapi/delivery/releases/k8s", body: DeliveryVersionAPITests.body()).status == .ok)
            let reader = try await app.makeMember("reader")
            let (_, outsider) = try await app.makeUser("outsider")
            let project = "\(Self.list)?projectName=demo"
            #expect(try await app.call(.get, project, as: reader).json.array.count == 1)
            #expect(try await app.call(.get, project, as: outsider).status == .forbidden)
            #expect(try await app.call(.get, project, auth: .anonymous).status == .unauthorized)
            // Every project's versions: administrators only.
            #expect(try await app.call(.get, Self.list, as: reader).status == .forbidden)
        }
    }
}
