import Foundation
import Testing

/// Zadig §15: every mutating call is recorded and can be listed with the documented filters.
@Suite struct OperationLogAPITests {
    @Test(arguments: StoreKind.enabled)
    func mutatingCallsAreRecordedWithTheirStatus(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let body = #"{"project_name":"Logged","project_key":"logged","is_public":false,"project_type":"yaml"}"#
            _ = try await app.call(.post, "/openapi/projects/project", body: body)
            _ = try await app.call(.post, "/openapi/projects/project", body: body)
            _ = try await app.call(.get, "/openapi/projects/project")
            _ = try await app.call(.post, "/openapi/policy/roles?namespace=logged", body: #"{"name":"r1","actions":[]}"#)

            let reply = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=10")
            #expect(reply.status == .ok)
            #expect(reply.json["total"].int == 3, "reads are not recorded")
            let newest = reply.json["operation_logs"][0]
            #expect(
                newest.keys == [
                    "username", "project_key", "method", "function", "scene", "targets", "detail",
                    "request_body", "body_type", "status", "created_at",
                ])
            #expect(newest["function"].string == "角色")
            #expect(newest["detail"].string == "r1")
            #expect(newest["project_key"].string == "logged")
            let failed = reply.json["operation_logs"][1]
            #expect(failed["status"].int == 400)
            #expect(failed["method"].string == "OpenAPI新建")
            #expect(failed["function"].string == "项目")
            #expect(failed["username"].string == "admin")
            #expect(failed["body_type"].string == "json")
            #expect(failed["request_body"].string == body)
            #expect(reply.json["operation_logs"][2]["status"].int == 200)
            let createdAt = try #require(newest["created_at"].int)
            #expect(abs(createdAt - Int(Date().timeIntervalSince1970)) < 60)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func filtersAndPaging(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (_, bobToken) = try await app.makeUser("bob", admin: true)
            _ = try await app.makeProject("one")
            _ = try await app.makeProject("two", as: bobToken)
            _ = try await app.call(.delete, "/openapi/projects/project?projectKey=ghost&isDelete=true")

            func list(_ query: String) async throws -> JSON {
                try await app.call(.get, "/openapi/system/operation?page=1&perPage=10&" + query).json
            }
            #expect(try await list("searchType=project&projectKey=two")["total"].int == 1)
            #expect(try await list("searchType=user&username=bob")["operation_logs"][0]["project_key"].string == "two")
            #expect(try await list("searchType=status&status=400")["operation_logs"][0]["method"].string == "OpenAPI删除")
            #expect(try await list("searchType=function&function=项目".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)["total"].int == 3)
            #expect(try await list("searchType=project&username=bob")["total"].int == 3, "only the searchType's filter applies")
            let paged = try await app.call(.get, "/openapi/system/operation?searchType=all&page=2&perPage=2").json
            #expect(paged["total"].int == 3)
            #expect(paged["operation_logs"].array.count == 1)
            let bad = try await app.call(.get, "/openapi/system/operation?searchType=everything&page=1&perPage=2")
            #expect(bad.status == .badRequest)
            let missing = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1")
            #expect(missing.json["description"].string == "perPage is required")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func environmentOperationLog(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let reply = try await app.call(
                .post, "/openapi/projects/project/init/yaml",
                body: """
                    {"project_name":"E","project_key":"envs","is_public":false,
                     "service_list":[],"env_list":[{"env_key":"dev","cluster_name":"c","namespace":"n1"},{"env_key":"prod","cluster_name":"c","namespace":"n2"}]}
                    """)
            #expect(reply.status == .ok, "\(reply.text)")
            let dev = try await app.call(.get, "/openapi/system/operation/env?projectKey=envs&envName=dev&searchType=all&page=1&perPage=10")
            #expect(dev.status == .ok)
            #expect(dev.json["total"].int == 1)
            #expect(dev.json["operation_logs"][0]["scene"].string == "environment")
            #expect(dev.json["operation_logs"][0]["targets"] == JSON(#"["dev","prod"]"#))
            let other = try await app.call(.get, "/openapi/system/operation/env?projectKey=envs&envName=stage&searchType=all&page=1&perPage=10")
            #expect(other.json["total"].int == 0)
            #expect(other.json["operation_logs"] == .array([]))
            let byUser = try await app.call(.get, "/openapi/system/operation/env?projectKey=envs&envName=dev&searchType=user&username=nobody&page=1&perPage=10")
            #expect(byUser.json["total"].int == 0)
            let (_, outsider) = try await app.makeUser("outsider")
            #expect(
                try await app.call(.get, "/openapi/system/operation/env?projectKey=envs&envName=dev&searchType=all&page=1&perPage=10", as: outsider).status
                    == .forbidden)
        }
    }
}
