import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTestSupport
import Testing

/// A `PASSWORD` host group against a real OpenSSH server on loopback that takes passwords: the
/// deployment logs in as a local user with the stored password (through `sshpass`, never on a
/// command line), and the password appears in no answer; a wrong one fails the host with why.
@Suite struct CdPasswordGroupTests {
    @Test(arguments: CodingStoreKind.enabled)
    func aPasswordGroupDeploysAndNeverShowsThePassword(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let login = try await LoopbackLogin.make()
            let sshd = try await LoopbackSSHD.start(authorizedKeys: [], passwords: true)
            defer { sshd.stop() }
            let setup = try await CdExecutionTests.setUp(
                h, sshd: sshd, ips: LoopbackSSHD.hosts, login: .password(user: login.user, password: login.password)
            ) { "[\(CdExecutionTests.deployStage($0, log: $1))]" }
            let releases = "\(login.home)/.slipway-cd"
            defer {
                try? FileManager.default.removeItem(atPath: "\(releases)/\(setup.application)-deployed.log")
                try? FileManager.default.removeItem(atPath: "\(releases)/\(setup.application)-app-v000")
            }
            let reply = try await CdExecutionTests.trigger(h, setup, parameters: #"{"GREETING":"hi"}"#)
            let id = try #require(reply.response["Data"]["PipelineExecutionId"].string, "\(reply.text)")
            let data = try await CdExecutionTests.finished(h, id)
            #expect(data["PipelineExecutionStatus"].string == "SUCCEEDED", "\(data)")

            // Both hosts got the artifact in the login user's home, as that user.
            let directory = "\(releases)/\(setup.application)-app-v000"
            #expect(try String(contentsOfFile: "\(directory)/app.txt", encoding: .utf8) == "hello from v1\n")
            let owner = try FileManager.default.attributesOfItem(atPath: "\(directory)/app.txt")[.ownerAccountName] as? String
            #expect(owner == login.user)
            let log = try String(contentsOfFile: "\(releases)/\(setup.application)-deployed.log", encoding: .utf8)
            #expect(log == "127.0.0.1 hello from v1\n127.0.0.2 hello from v1\n", "\(log)")

            // The password is in no answer: the execution, the group, the group list.
            let groupID = setup.account.split(separator: "-").last.map(String.init) ?? ""
            let group = try await h.action("DescribeCdHostServerGroup", #"{"Id":\#(groupID)}"#)
            #expect(group.response["Data"]["HostServerGroup"]["AuthMethod"].string == "PASSWORD", "\(group.text)")
            let groups = try await h.action("DescribeCdHostServerGroups", "{}")
            for text in [group.text, groups.text, data.jsonText] { #expect(!text.contains(login.password)) }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aWrongPasswordFailsTheHostWithTheReason(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let login = try await LoopbackLogin.make()
            let sshd = try await LoopbackSSHD.start(authorizedKeys: [], passwords: true)
            defer { sshd.stop() }
            let wrong = "not-" + login.password
            let setup = try await CdExecutionTests.setUp(h, sshd: sshd, ips: ["127.0.0.1"], login: .password(user: login.user, password: wrong)) {
                "[\(CdExecutionTests.deployStage($0, log: $1))]"
            }
            let id = try #require(try await CdExecutionTests.trigger(h, setup).response["Data"]["PipelineExecutionId"].string)
            let data = try await CdExecutionTests.finished(h, id)
            #expect(data["PipelineExecutionStatus"].string == "TERMINAL", "\(data)")
            let document = JSONValue(text: data["PipelineExecutionJsonContent"].string ?? "")
            let reason = document["stages"][0]["context"]["exception"]["details"]["errors"][0].string ?? ""
            #expect(reason.contains("host 127.0.0.1 failed") && reason.contains("the host refused the password"), "\(reason)")
            #expect(!data.jsonText.contains(wrong))
            #expect(!FileManager.default.fileExists(atPath: "\(login.home)/.slipway-cd/\(setup.application)-app-v000"))
        }
    }
}
