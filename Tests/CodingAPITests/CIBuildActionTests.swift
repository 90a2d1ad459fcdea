import Foundation
import SlipwayCore
import SlipwayGit
import Testing

/// CODING CI builds run for real (sandboxed) from a depot hosted here: trigger, status, logs
/// (incremental, raw, per step), Blue Ocean stages and steps, environment by type, stop, delete.
@Suite struct CIBuildActionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func aBuildRunsAndIsDescribed(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let f = try await CIFixture.make(h, in: scratch)
                let sha = try await f.w.rev("HEAD")
                let triggered = try await h.action(
                    "TriggerCodingCIBuild",
                    #"{"JobId":\#(f.jobID),"Revision":"master","ParamList":[{"Name":"P","Value":"pv","Sensitive":false},{"Name":"S","Value":"hidden-value","Sensitive":true}]}"#
                )
                let queued = triggered.response["Data"]["Build"]
                #expect(["QUEUED", "INITIALIZING", "RUNNING"].contains(queued["Status"].string ?? ""), "\(triggered.text)")
                #expect(queued["Number"].int == 1 && queued["CommitId"].string == sha && queued["Branch"].string == "master")
                let buildID = Int64(try #require(queued["Id"].int))
                #expect(queued["CodingCIId"].string == "cci-\(f.jobID)-\(buildID)")
                let build = try await f.finished(buildID)
                #expect(build["Status"].string == "SUCCEED", "\(build)")
                #expect(build["Duration"].int ?? -1 >= 0 && build["TestResult"]["Empty"].bool == true)

                let log = try await h.action("DescribeCodingCIBuildLog", #"{"BuildId":\#(buildID),"Start":0}"#).response["Data"]
                let text = log["Log"].string ?? ""
                #expect(text.contains("built hello at \(sha)"), "\(text)")
                #expect(text.contains("secret=***") && !text.contains("tok-s3cr3t"), "sensitive variables are masked: \(text)")
                let delivered = try #require(log["TextDelivered"].int)
                #expect(delivered == log["TextSize"].int && log["MoreData"].bool == false)
                let rest = try await h.action("DescribeCodingCIBuildLog", #"{"BuildId":\#(buildID),"Start":\#(delivered)}"#).response["Data"]
                #expect(rest["Log"].string == "" && rest["MoreData"].bool == false)
                let raw = try await h.action("DescribeCodingCIBuildLogRaw", #"{"BuildId":\#(buildID),"Start":5}"#).response["Data"]["Raw"].string
                #expect(raw == String(text.utf8.dropFirst(5))!)

                let stageText = try await h.action("DescribeCodingCIBuildStage", #"{"BuildId":\#(buildID)}"#).response["Data"]["StageJsonString"].string
                let stages = JSONValue(text: stageText ?? "[]").array
                let stage = try #require(stages.first { $0["displayName"].string == "Build" }, "\(stageText ?? "")")
                #expect(stage["result"].string == "SUCCESS" && stage["state"].string == "FINISHED" && stage["type"].string == "STAGE")
                let stageID = try #require(stage["id"].string)
                let stepText = try await h.action("DescribeCodingCIBuildStep", #"{"BuildId":\#(buildID),"StageId":\#(stageID)}"#).response["Data"][
                    "StepJsonString"
                ].string
                let steps = JSONValue(text: stepText ?? "[]").array
                #expect(steps.map { $0["displayName"].string } == ["Shell Script", "Shell Script"], "\(stepText ?? "")")
                let stepID = try #require(steps.first?["id"].string)
                let stepLog = try await h.action(
                    "DescribeCodingCIBuildStepLog", #"{"BuildId":\#(buildID),"StageId":\#(stageID),"StepId":\#(stepID),"Start":0}"#
                ).response["Data"]
                #expect(stepLog["Log"].string?.contains("built hello") == true && stepLog["Log"].string?.contains("secret=") == false, "\(stepLog)")
                let badStep = try await h.action("DescribeCodingCIBuildStepLog", #"{"BuildId":\#(buildID),"StageId":\#(stageID),"StepId":9999,"Start":0}"#)
                #expect(badStep.response["Error"]["Code"].string == "ResourceNotFound")

                func envs(_ type: String) async throws -> [String: String] {
                    let list = try await h.action("DescribeCodingCIBuildEnvs", #"{"BuildId":\#(buildID),"Type":"\#(type)"}"#).response["EnvList"].array
                    return Dictionary(list.map { ($0["Name"].string ?? "", $0["Value"].string ?? "") }, uniquingKeysWith: { $1 })
                }
                #expect(try await envs("SYSTEM")["CCI_TRIGGER_METHOD"] == "MANUAL")
                #expect(try await envs("SYSTEM")["GIT_COMMIT"] == sha)
                #expect(try await envs("Env") == ["GREETING": "hello", "TOKEN": ""])
                #expect(try await envs("PARAM") == ["P": "pv", "S": ""], "sensitive parameters are never returned")

                let page = try await h.action("DescribeCodingCIBuilds", #"{"JobId":\#(f.jobID),"PageNumber":1,"PageSize":10}"#).response["Data"]
                #expect(page["TotalCount"].int == 1 && page["BuildList"].array.count == 1)
                #expect(try await h.action("DeleteCodingCIBuild", #"{"BuildId":\#(buildID)}"#).response["Error"].isNull)
                let gone = try await h.action("DescribeCodingCIBuild", #"{"BuildId":\#(buildID)}"#)
                #expect(gone.response["Error"]["Code"].string == "ResourceNotFound")
            }
        }
    }

    /// A Jenkinsfile read from the depot at the build's revision; a stop aborts a running build;
    /// bad calls answer in the CODING envelope.
    @Test(arguments: CodingStoreKind.enabled)
    func scmJenkinsfilesStopsAndBadCalls(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await runGit(["checkout", "-q", "-b", "ci"], in: w.dir)
                try await w.commit("Jenkinsfile.ci", "pipeline {\n agent any\n stages { stage('Wait') { steps { sh 'echo waiting; sleep 30' } } }\n}\n", "ci")
                try await w.commit("Jenkinsfile.bad", "pipeline {\n agent any\n stages { stage('x') { steps { bat 'x' } } }\n}\n", "bad")
                try await runGit(["push", "-q", "origin", "ci"], in: w.dir)
                func body(_ path: String, extra: String = "") -> String {
                    CIFixture.createBody(w, extra: extra).replacingOccurrences(
                        of: #""JenkinsFileFromType":"STATIC""#, with: #""JenkinsFileFromType":"SCM","JenkinsFilePath":"\#(path)""#)
                }
                let created = try await h.action("CreateCodingCIJob", body("Jenkinsfile.ci"))
                let jobID = try #require(created.response["Data"]["Id"].int, "\(created.text)")
                let f = CIFixture(h: h, w: w, jobID: Int64(jobID))

                let missing = try await h.action("TriggerCodingCIBuild", #"{"JobId":\#(jobID),"Revision":"master"}"#)
                #expect(missing.response["Error"]["Code"].string == "InvalidParameterValue", "no Jenkinsfile on master: \(missing.text)")
                let nowhere = try await h.action("TriggerCodingCIBuild", #"{"JobId":\#(jobID),"Revision":"no-such-branch"}"#)
                #expect(nowhere.response["Error"]["Code"].string == "InvalidParameterValue", "\(nowhere.text)")
                let badParam = try await h.action("TriggerCodingCIBuild", #"{"JobId":\#(jobID),"Revision":"ci","ParamList":[{"Name":"a b","Value":"x"}]}"#)
                #expect(badParam.response["Error"]["Code"].string == "InvalidParameterValue", "\(badParam.text)")
                let badEnv = try await h.action("DescribeCodingCIBuildEnvs", #"{"BuildId":1,"Type":"OTHER"}"#)
                #expect(badEnv.response["Error"]["Code"].string == "InvalidParameterValue", "\(badEnv.text)")

                let buildID = try await f.trigger("ci")
                var running = JSONValue.null
                for _ in 0..<300 {
                    running = try await h.action("DescribeCodingCIBuildLog", #"{"BuildId":\#(buildID),"Start":0}"#).response["Data"]
                    if running["Log"].string?.contains("waiting") == true { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(running["MoreData"].bool == true, "a running build has more to come: \(running)")
                #expect(try await h.action("StopCodingCIBuild", #"{"BuildId":\#(buildID)}"#).response["Error"].isNull)
                let stopped = try await f.finished(buildID)
                #expect(stopped["Status"].string == "ABORTED", "\(stopped)")
                #expect(stopped["JenkinsFileContent"].string?.contains("sleep 30") == true)

                let modified = try await h.action("ModifyCodingCIJob", body("Jenkinsfile.bad", extra: #","Id":\#(jobID)"#))
                #expect(modified.response["Error"].isNull, "master has no such file yet: accepted (\(modified.text))")
                let refused = try await h.action("TriggerCodingCIBuild", #"{"JobId":\#(jobID),"Revision":"ci"}"#)
                #expect(refused.response["Error"]["Message"].string?.contains("Jenkinsfile line 3:32: step bat is not supported") == true, "\(refused.text)")
            }
        }
    }

    /// Non-members are told builds do not exist, read-only members only read, anonymous calls fail.
    @Test(arguments: CodingStoreKind.enabled)
    func whoMayDoWhatWithBuilds(kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let f = try await CIFixture.make(h, in: scratch)
                let buildID = try await f.trigger()
                _ = try await f.finished(buildID)
                let (_, outsider) = try await h.makeUser("outsider")
                let reader = try await f.readOnlyMember("reader")
                let b = #""BuildId":\#(buildID)"#
                let calls: [(action: String, body: String, write: Bool)] = [
                    ("TriggerCodingCIBuild", #"{"JobId":\#(f.jobID)}"#, true),
                    ("StopCodingCIBuild", "{\(b)}", true),
                    ("DeleteCodingCIBuild", "{\(b)}", true),
                    ("DescribeCodingCIBuild", "{\(b)}", false),
                    ("DescribeCodingCIBuilds", #"{"JobId":\#(f.jobID),"PageNumber":1,"PageSize":5}"#, false),
                    ("DescribeCodingCIBuildLog", #"{\#(b),"Start":0}"#, false),
                    ("DescribeCodingCIBuildLogRaw", #"{\#(b),"Start":0}"#, false),
                    ("DescribeCodingCIBuildStage", "{\(b)}", false),
                    ("DescribeCodingCIBuildStep", #"{\#(b),"StageId":2}"#, false),
                    ("DescribeCodingCIBuildStepLog", #"{\#(b),"StageId":1,"StepId":4,"Start":0}"#, false),
                    ("DescribeCodingCIBuildEnvs", #"{\#(b),"Type":"SYSTEM"}"#, false),
                ]
                try await f.checkAccess(calls, outsider: outsider, reader: reader)
                let page = try await h.action("DescribeCodingCIBuilds", #"{"JobId":\#(f.jobID),"PageNumber":1,"PageSize":5}"#).response["Data"]
                #expect(page["TotalCount"].int == 1, "no build was started or deleted by them")
            }
        }
    }
}
