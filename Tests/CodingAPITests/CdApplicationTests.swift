import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// CODING CD applications: CD tasks create, change and delete them; binding one to a project
/// shows it to that project's members and to nobody else.
@Suite struct CdApplicationTests {
    static func task(_ type: String, _ name: String, _ fields: String = #""cloudProviders":"kubernetes,hostserver","instancePort":80"#) -> String {
        let content =
            #"{"job":[{"type":"\#(type)","application":{"name":"\#(name)",\#(fields)},"user":"coding"}],"application":"\#(name)","description":"\#(type): \#(name)"}"#
        return #"{"TaskJsonContent":\#(JSONValue.string(content).jsonText)}"#
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aTaskCreatesAnApplicationThatABoundProjectsMembersSee(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let created = try await h.action(
                "CreateCdTask", Self.task("createApplication", "shop", #""cloudProviders":"hostserver","email":"ops@example.com","instancePort":8080"#))
            #expect(created.response["Error"].isNull, "\(created.text)")
            let id = try #require(created.response["Data"]["TaskExecutionId"].string)
            #expect(id.count == 26 && created.response["Data"]["TaskExecutionRef"].string == "/tasks/\(id)")

            let described = try await h.action("DescribeCdTask", #"{"TaskExecutionId":"\#(id)"}"#)
            #expect(described.response["Data"]["TaskExecutionStatus"].string == "SUCCEEDED", "\(described.text)")
            #expect(described.response["Data"]["Application"].string == "shop")
            let execution = JSONValue(text: described.response["Data"]["TaskExecutionJsonContent"].string ?? "")
            #expect(execution["execution"]["type"].string == "ORCHESTRATION")
            #expect(execution["execution"]["stages"][0]["type"].string == "createApplication")
            #expect(execution["execution"]["stages"][0]["status"].string == "SUCCEEDED")

            let app = try await h.action("DescribeCdApplication", #"{"Application":"shop"}"#)
            let document = JSONValue(text: app.response["Data"]["ApplicationJsonContent"].string ?? "")
            #expect(document["name"].string == "shop" && document["instancePort"].int == 8080, "\(app.text)")
            #expect(document["cloudProviders"].string == "hostserver" && document["user"].string == "admin")

            // A member of a project sees the application only once it is bound there.
            let project = try await h.makeProject("alpha")
            _ = project
            let (_, member) = try await h.makeUser("dev")
            let joined = try await h.action(
                "CreateProjectMember", #"{"ProjectId":\#(project),"Type":80,"UserGlobalKeyList":["dev"]}"#)
            #expect(joined.response["Error"].isNull, "\(joined.text)")
            #expect(try await h.action("DescribeCdApplications", "{}", token: member).response["Data"]["Applications"].array.isEmpty)
            let hidden = try await h.action("DescribeCdApplication", #"{"Application":"shop"}"#, token: member)
            #expect(hidden.response["Error"]["Code"].string == "ResourceNotFound", "\(hidden.text)")

            let bound = try await h.action("BindCdApplicationToProject", #"{"ProjectName":"alpha","Application":"shop"}"#)
            #expect(bound.response["Error"].isNull, "\(bound.text)")
            #expect(try await h.action("BindCdApplicationToProject", #"{"ProjectName":"alpha","Application":"shop"}"#).response["Error"].isNull)
            let seen = try await h.action("DescribeCdApplicationsByProject", #"{"ProjectName":"alpha"}"#, token: member)
            #expect(seen.response["Data"]["Applications"].array.map { $0["Name"].string } == ["shop"], "\(seen.text)")
            #expect(try await h.action("DescribeCdApplications", "{}", token: member).response["Data"]["Applications"].array.count == 1)
            #expect(try await h.action("DescribeCdApplication", #"{"Application":"shop"}"#, token: member).response["Error"].isNull)
            // A read-only member sees it as well, and may not run tasks on it.
            let (reader, readOnly) = try await h.makeUser("reader")
            try await h.store.roles.addBindings(namespace: "alpha", role: "read-only", subjects: [.user(uid: reader.uid)])
            #expect(
                try await h.action("DescribeCdApplicationsByProject", #"{"ProjectName":"alpha"}"#, token: readOnly).response["Data"]["Applications"].array.count
                    == 1)
            let refusedTask = try await h.action("CreateCdTask", Self.task("deleteApplication", "shop", #""email":"x""#), token: readOnly)
            #expect(refusedTask.response["Error"]["Code"].string == "UnauthorizedOperation")
            // …but may not run tasks, bind applications, or read the administrator's task.
            for (action, body) in [
                ("CreateCdTask", Self.task("deleteApplication", "shop", #""email":"x""#)),
                ("BindCdApplicationToProject", #"{"ProjectName":"alpha","Application":"shop"}"#),
            ] {
                let refused = try await h.action(action, body, token: member)
                #expect(refused.response["Error"]["Code"].string == "UnauthorizedOperation", "\(action): \(refused.text)")
            }
            let foreign = try await h.action("DescribeCdTask", #"{"TaskExecutionId":"\#(id)"}"#, token: member)
            #expect(foreign.response["Error"]["Code"].string == "ResourceNotFound")
            // A stranger sees nothing, not even the project's list.
            let (_, stranger) = try await h.makeUser("stranger")
            #expect(try await h.action("DescribeCdApplications", "{}", token: stranger).response["Data"]["Applications"].array.isEmpty)
            let list = try await h.action("DescribeCdApplicationsByProject", #"{"ProjectName":"alpha"}"#, token: stranger)
            #expect(list.response["Error"]["Code"].string == "ResourceNotFound", "\(list.text)")
            for action in ["DescribeCdApplications", "CreateCdTask", "DescribeCdApplication"] {
                let anonymous = try await h.action(action, #"{"Application":"shop"}"#, anonymous: true)
                #expect(anonymous.response["Error"]["Code"].string == "AuthFailure")
            }

            // Update, then delete: the binding goes with the application.
            let updated = try await h.action("CreateCdTask", Self.task("updateApplication", "shop", #""description":"the shop""#))
            #expect(updated.response["Error"].isNull)
            #expect(try await h.store.cdApplications.get(name: "shop")?.description == "the shop")
            #expect(try await h.store.cdApplications.get(name: "shop")?.instancePort == 8080)
            _ = try await h.action("CreateCdTask", Self.task("deleteApplication", "shop", #""email":"x""#))
            #expect(try await h.store.cdApplications.get(name: "shop") == nil)
            #expect(try await h.store.cdApplications.boundApplications(projectKeys: ["alpha"]).isEmpty)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aFailingJobEndsTheTaskTerminalWithTheReason(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            #expect(try await h.action("CreateCdTask", Self.task("createApplication", "shop")).response["Error"].isNull)
            let again = try await h.action("CreateCdTask", Self.task("createApplication", "shop"))
            let id = try #require(again.response["Data"]["TaskExecutionId"].string, "\(again.text)")
            let described = try await h.action("DescribeCdTask", #"{"TaskExecutionId":"\#(id)"}"#)
            #expect(described.response["Data"]["TaskExecutionStatus"].string == "TERMINAL")
            let execution = JSONValue(text: described.response["Data"]["TaskExecutionJsonContent"].string ?? "")
            let errors = execution["execution"]["stages"][0]["context"]["exception"]["details"]["errors"][0].string ?? ""
            #expect(errors.contains("already exists"), "\(execution)")
            let missing = try await h.action("CreateCdTask", Self.task("updateApplication", "nope"))
            let missingID = try #require(missing.response["Data"]["TaskExecutionId"].string)
            #expect(
                try await h.action("DescribeCdTask", #"{"TaskExecutionId":"\#(missingID)"}"#).response["Data"]["TaskExecutionStatus"].string
                    == "TERMINAL")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func malformedTasksAreRefusedBeforeAnythingRuns(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let bad = [
                #"{"TaskJsonContent":"not json"}"#,
                #"{"TaskJsonContent":"[1,2]"}"#,
                #"{"TaskJsonContent":"{\"job\":[]}"}"#,
                Self.task("deployManifest", "shop"),
                Self.task("createApplication", "-shop"),
                Self.task("createApplication", "shop", #""cloudProviders":"aws""#),
                Self.task("createApplication", "shop", #""instancePort":70000"#),
                #"{"TaskJsonContent":\#(JSONValue.string(String(repeating: "[", count: 5000)).jsonText)}"#,
                "{}",
            ]
            for body in bad {
                let reply = try await h.action("CreateCdTask", body)
                #expect(reply.status == .ok)
                #expect(
                    ["InvalidParameterValue", "MissingParameter"].contains(reply.response["Error"]["Code"].string ?? ""), "\(body.prefix(200)): \(reply.text)")
            }
            #expect(try await h.store.cdApplications.list().isEmpty)
            let unknown = try await h.action("DescribeCdTask", #"{"TaskExecutionId":"01EXRMY8X07T4Q2N65EGKCHZQ8"}"#)
            #expect(unknown.response["Error"]["Code"].string == "ResourceNotFound")
            let noApp = try await h.action("BindCdApplicationToProject", #"{"ProjectName":"alpha","Application":"ghost"}"#)
            #expect(noApp.response["Error"]["Code"].string == "ResourceNotFound")
        }
    }
}
