import Foundation
import SlipwayCore
import Testing

/// Program members (issue 16): a user given a policy in a program reads it and its projects
/// without being a member of those projects, and stops when the last policy goes; bad member
/// calls get clear errors and store nothing.
@Suite struct AgileProgramMemberTests {
    static func policy(_ f: AgileFixture, _ policies: String, user: Int64? = nil) -> String {
        #"{"ProgramId":\#(f.programID),"PrincipalType":"USER","PrincipalId":"\#(user ?? f.strangerID)","Policies":\#(policies)}"#
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aMemberReadsTheProgramAndItsProjectsUntilRemoved(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await AgileFixture.make(h)
            let stranger = f.planning.stranger
            let listed = #"{"PageNumber":1,"PageSize":10}"#
            let projects = #"{"ProgramId":\#(f.programID)}"#
            #expect(try await f.ok("DescribePrograms", listed, token: stranger)["Data"]["TotalCount"].int == 0)
            #expect(try await f.error("DescribeProgramProjects", projects, token: stranger) == "ResourceNotFound")

            let granted = try await f.ok("CreateProgramMemberPolicy", Self.policy(f, #"["ProgramMember"]"#))["Data"].array
            #expect(granted.count == 1 && granted[0]["PolicyName"].string == "ProgramMember" && granted[0]["PolicyId"].string == "15", "\(granted)")
            #expect(granted[0]["PolicyAlias"].string == "项目集普通成员")
            let seen = try await f.ok("DescribePrograms", listed, token: stranger)["Data"]
            #expect(seen["TotalCount"].int == 1 && seen["Programs"][0]["Name"].string == "suite", "\(seen)")
            let list = try await f.ok("DescribeProgramProjects", projects, token: stranger)["Data"].array
            #expect(list.count == 1 && list[0]["Id"].int == f.projectID && list[0]["Name"].string == "alpha", "\(list)")
            // Reading the program does not open its projects, nor let the member manage it.
            #expect(try await f.error("DescribeIssue", #""IssueCode":1"#, token: stranger) == "ResourceNotFound")
            let admin = try #require(try await h.store.users.find(account: "admin"))
            let adminID = try #require(try await h.store.numericIDs.userIDs(uids: [admin.uid])[admin.uid])
            #expect(
                try await f.error("CreateProgramMemberPolicy", Self.policy(f, #"["ProgramMember"]"#, user: adminID), token: stranger)
                    == "UnauthorizedOperation")

            // Policies by name or id add up; removing one leaves the others.
            let both = try await f.ok("CreateProgramMemberPolicy", Self.policy(f, #"["14","ProgramMember"]"#))["Data"].array
            #expect(both.compactMap { $0["PolicyName"].string } == ["ProgramAdmin", "ProgramMember"], "\(both)")
            let left = try await f.ok("DeleteProgramMemberPolicy", Self.policy(f, #"["ProgramAdmin"]"#))["Data"].array
            #expect(left.compactMap { $0["PolicyName"].string } == ["ProgramMember"], "\(left)")
            #expect(try await f.ok("DescribePrograms", listed, token: stranger)["Data"]["TotalCount"].int == 1)

            let none = try await f.ok("DeleteProgramMemberPolicy", Self.policy(f, #"["ProgramMember"]"#))["Data"].array
            #expect(none.isEmpty, "\(none)")
            #expect(try await f.ok("DescribePrograms", listed, token: stranger)["Data"]["TotalCount"].int == 0)
            #expect(try await f.error("DescribeProgramProjects", projects, token: stranger) == "ResourceNotFound")
            // A deleted user's policies go with them.
            let (leaver, _) = try await h.makeUser("leaver")
            let leaverID = try #require(try await h.store.numericIDs.userIDs(uids: [leaver.uid])[leaver.uid])
            try await f.ok("CreateProgramMemberPolicy", Self.policy(f, #"["ProgramProjectMember"]"#, user: leaverID))
            #expect(try await h.store.programs.isMember(programID: f.programID, uid: leaver.uid))
            try await h.store.users.delete(uid: leaver.uid)
            #expect(try await !h.store.programs.isMember(programID: f.programID, uid: leaver.uid))
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func badMemberCallsAreRefusedAndStoreNothing(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await AgileFixture.make(h)
            let user = f.strangerID
            let bad: [(String, String)] = [
                (#"{"ProgramId":999,"PrincipalType":"USER","PrincipalId":"\#(user)","Policies":["ProgramMember"]}"#, "ResourceNotFound"),
                (#"{"ProgramId":\#(f.programID),"PrincipalType":"USER","PrincipalId":"999999","Policies":["ProgramMember"]}"#, "ResourceNotFound"),
                (#"{"ProgramId":\#(f.programID),"PrincipalType":"USER","PrincipalId":"abc","Policies":["ProgramMember"]}"#, "InvalidParameterValue"),
                (
                    #"{"ProgramId":\#(f.programID),"PrincipalType":"DEPARTMENT","PrincipalId":"\#(user)","Policies":["ProgramMember"]}"#,
                    "InvalidParameterValue"
                ),
                (Self.policy(f, #"["ProgramMember","Owner"]"#), "InvalidParameterValue"),
                (Self.policy(f, #"["99"]"#), "InvalidParameterValue"),
                (Self.policy(f, "[]"), "MissingParameter"),
                (Self.policy(f, #"[{"a":1}]"#), "InvalidParameter"),
                (Self.policy(f, "[" + Array(repeating: #""ProgramMember""#, count: 11).joined(separator: ",") + "]"), "InvalidParameterValue"),
                (#"{"ProgramId":\#(f.programID),"PrincipalType":"USER","Policies":["ProgramMember"]}"#, "MissingParameter"),
            ]
            for action in ["CreateProgramMemberPolicy", "DeleteProgramMemberPolicy"] {
                for (body, code) in bad {
                    #expect(try await f.error(action, body) == code, "\(action) \(body)")
                }
            }
            #expect(try await f.error("DescribeProgramProjects", #"{"ProgramId":"x"}"#) == "InvalidParameter")
            #expect(try await f.error("DescribeProgramProjects", "{}") == "MissingParameter")
            let stranger = try #require(try await h.store.users.find(account: "stranger"))
            #expect(try await h.store.programs.policies(programID: f.programID, uid: stranger.uid).isEmpty)
        }
    }
}
