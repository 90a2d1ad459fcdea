import Foundation
import SlipwayCore
import Testing

/// A project with a depot and a CI job on it, for the CODING CI action tests.
struct CIFixture: Sendable {
    let h: CodingHarness
    let w: Workspace
    let jobID: Int64

    static let jenkinsfile = """
        pipeline {
            agent any
            stages {
                stage('Build') {
                    steps {
                        sh 'echo "built $GREETING at $GIT_COMMIT"'
                        sh 'echo "secret=$TOKEN"'
                    }
                }
            }
        }
        """

    /// The body of CreateCodingCIJob for the workspace's depot, with `extra` fields appended.
    static func createBody(_ w: Workspace, name: String = "build", jenkinsfile: String = jenkinsfile, extra: String = "") -> String {
        let content = String(decoding: try! JSONEncoder().encode(jenkinsfile), as: UTF8.self)
        return """
            {"ProjectId":\(w.projectID),"DepotId":\(w.depotID),"Name":"\(name)","ExecuteIn":"CVM","HookType":"DEFAULT",
             "BranchSelector":"master","TriggerMethodList":["REF_CHANGE"],"JenkinsFileFromType":"STATIC",
             "JenkinsFileStaticContent":\(content),"AutoCancelSameRevision":false,"AutoCancelSameMergeRequest":false,
             "JobFromType":"CODING","DepotType":"CODING","TriggerRemind":"ALWAYS",
             "EnvList":[{"Name":"GREETING","Value":"hello","Sensitive":false},{"Name":"TOKEN","Value":"tok-s3cr3t","Sensitive":true}],
             "CachePathList":[{"AbsolutePath":"cache","Enabled":true}]\(extra)}
            """
    }

    static func make(_ h: CodingHarness, in scratch: String) async throws -> CIFixture {
        let w = try await Workspace.make(h, in: scratch)
        let created = try await h.action("CreateCodingCIJob", createBody(w))
        let id = try #require(created.response["Data"]["Id"].int, "\(created.text)")
        return CIFixture(h: h, w: w, jobID: Int64(id))
    }

    /// Trigger a build at `revision`; its id.
    func trigger(_ revision: String = "master", params: String = "[]") async throws -> Int64 {
        let reply = try await h.action("TriggerCodingCIBuild", #"{"JobId":\#(jobID),"Revision":"\#(revision)","ParamList":\#(params)}"#)
        return Int64(try #require(reply.response["Data"]["Build"]["Id"].int, "\(reply.text)"))
    }

    /// Poll DescribeCodingCIBuild until the build ends (60 s at most); its `Build`.
    func finished(_ buildID: Int64) async throws -> JSONValue {
        let ended: Set<String> = ["SUCCEED", "FAILED", "ABORTED", "TIMEOUT", "NOT_BUILT"]
        var last = JSONValue.null
        for _ in 0..<600 {
            last = try await h.action("DescribeCodingCIBuild", #"{"BuildId":\#(buildID)}"#).response["Build"]
            if ended.contains(last["Status"].string ?? "") { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("build \(buildID) did not end: \(last)")
        return last
    }

    /// A user with the preset read-only role on the workspace's project; their token.
    func readOnlyMember(_ account: String) async throws -> String {
        let (user, token) = try await h.makeUser(account)
        try await h.store.roles.addBindings(namespace: "alpha", role: "read-only", subjects: [.user(uid: user.uid)])
        return token
    }

    /// Each call refused without a token (AuthFailure) and to a non-member (ResourceNotFound);
    /// a read-only member may make the reads and is refused the writes (UnauthorizedOperation).
    func checkAccess(_ calls: [(action: String, body: String, write: Bool)], outsider: String, reader: String) async throws {
        for call in calls {
            let anonymous = try await h.action(call.action, call.body, anonymous: true)
            #expect(anonymous.status == .ok && anonymous.response["Error"]["Code"].string == "AuthFailure", "\(call.action)")
            let stranger = try await h.action(call.action, call.body, token: outsider)
            #expect(stranger.response["Error"]["Code"].string == "ResourceNotFound", "\(call.action): \(stranger.text)")
            let read = try await h.action(call.action, call.body, token: reader)
            if call.write {
                #expect(read.response["Error"]["Code"].string == "UnauthorizedOperation", "\(call.action): \(read.text)")
            } else {
                #expect(read.response["Error"].isNull, "\(call.action): \(read.text)")
            }
        }
    }
}
