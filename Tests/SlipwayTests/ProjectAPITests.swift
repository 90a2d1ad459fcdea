import Foundation
import Testing

/// Zadig §1: projects, from the documented request and response shapes.
@Suite struct ProjectAPITests {
    @Test(arguments: StoreKind.enabled)
    func createListDetailDelete(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let created = try await app.call(
                .post, "/openapi/projects/project",
                body: """
                    {"project_name":"Demo Project","project_key":"demo","is_public":true,"description":"the demo","project_type":"helm"}
                    """)
            #expect(created.status == .ok)
            #expect(created.json == JSON(#"{"message":"success"}"#))

            let list = try await app.call(.get, "/openapi/projects/project")
            #expect(list.status == .ok)
            #expect(list.json["total"].int == 1)
            #expect(list.json["projects"][0] == JSON(#"{"project_name":"Demo Project","project_key":"demo","description":"the demo","deploy_type":"helm"}"#))

            let detail = try await app.call(.get, "/openapi/projects/project/detail?projectKey=demo")
            #expect(detail.status == .ok)
            #expect(detail.json.keys == ["project_name", "project_key", "is_public", "desc", "deploy_type", "create_time", "created_by"])
            #expect(detail.json["is_public"].bool == true)
            #expect(detail.json["desc"].string == "the demo")
            #expect(detail.json["created_by"].string == "admin")
            let created_s = try #require(detail.json["create_time"].int)
            #expect(abs(created_s - Int(Date().timeIntervalSince1970)) < 60, "timestamps are Unix seconds")

            let deleted = try await app.call(.delete, "/openapi/projects/project?projectKey=demo&isDelete=true")
            #expect(deleted.status == .ok)
            #expect(deleted.json["message"].string == "success")
            #expect(try await app.call(.get, "/openapi/projects/project").json["total"].int == 0)
            #expect(try await app.store.roles.get(namespace: "demo", name: "project-admin") == nil, "roles go with the project")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func yamlProjectIsReportedAsK8sAndListIsPaged(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            for key in ["p1", "p2", "p3"] { #expect(try await app.makeProject(key).status == .ok) }
            let page1 = try await app.call(.get, "/openapi/projects/project?pageSize=2&pageNum=1")
            #expect(page1.json["total"].int == 3)
            #expect(page1.json["projects"].array.compactMap { $0["project_key"].string } == ["p3", "p2"])
            #expect(page1.json["projects"][0]["deploy_type"].string == "k8s")
            let page2 = try await app.call(.get, "/openapi/projects/project?pageSize=2&pageNum=2")
            #expect(page2.json["projects"].array.compactMap { $0["project_key"].string } == ["p1"])
            let empty = try await app.call(.get, "/openapi/projects/project?pageSize=2&pageNum=9")
            #expect(empty.json["projects"] == .array([]), "arrays are never null")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func initYAMLStoresServicesAndEnvironments(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let reply = try await app.call(
                .post, "/openapi/projects/project/init/yaml",
                body: """
                    {"project_name":"Shop","project_key":"shop","is_public":false,"description":"","project_type":"yaml",
                     "service_list":[
                       {"source":"yaml","service_name":"web","yaml":"apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: web\\n","auto_sync":false},
                       {"source":"template","template_name":"go-svc","service_name":"api","variable_yaml":[{"key":"port","value":8080}],"auto_sync":true}],
                     "env_list":[{"env_key":"dev","cluster_name":"local","namespace":"shop-dev"},{"env_key":"qa","cluster":"local","namespace":"shop-qa"}]}
                    """)
            #expect(reply.status == .ok, "\(reply.text)")
            let services = try await app.store.projects.services(projectKey: "shop")
            #expect(services.map(\.name) == ["api", "web"])
            #expect(services[0].templateName == "go-svc" && services[0].autoSync)
            #expect(JSON(services[0].variableYAMLJSON)[0]["value"].int == 8080)
            #expect(services[1].yaml.contains("kind: Service"))
            let envs = try await app.store.projects.environments(projectKey: "shop")
            #expect(envs.map(\.name) == ["dev", "qa"])
            #expect(envs.map(\.namespace) == ["shop-dev", "shop-qa"])
            let detail = try await app.call(.get, "/openapi/projects/project/detail?projectKey=shop")
            #expect(detail.json["deploy_type"].string == "k8s")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func initHelmRequiresTemplates(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let ok = try await app.call(
                .post, "/openapi/projects/project/init/helm",
                body: """
                    {"project_name":"Charts","project_key":"charts","is_public":false,
                     "service_list":[{"service_name":"redis","source":"template","template_name":"redis-chart","values_yaml":"replicas: 2","auto_sync":false}],
                     "env_list":[{"env_key":"dev","cluster_name":"local","namespace":"charts-dev"}]}
                    """)
            #expect(ok.status == .ok, "\(ok.text)")
            #expect(try await app.store.projects.services(projectKey: "charts").first?.valuesYAML == "replicas: 2")
            let bad = try await app.call(
                .post, "/openapi/projects/project/init/helm",
                body: """
                    {"project_name":"Charts","project_key":"charts2","is_public":false,
                     "service_list":[{"service_name":"redis","source":"yaml","yaml":"x: 1"}],"env_list":[]}
                    """)
            #expect(bad.status == .badRequest)
            #expect(bad.json["description"].string == "service_list[0].source must be template")
        }
    }
}
