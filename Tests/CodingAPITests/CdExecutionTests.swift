import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayServices
import SlipwayStore
import SlipwayTestSupport
import Testing

/// CODING CD pipeline executions on the engine: a `deployHostserver` stage puts an artifact and
/// scripts on two hosts of a real OpenSSH server on loopback, in rolling batches; a host that
/// fails stops the rollout; executions are listed, cancelled with a reason, and each host's
/// state is kept.
@Suite struct CdExecutionTests {
    /// A bound application, a `PUBLIC_KEY` host group on `ips` at the sshd's port, and a pipeline deploying to it.
    struct Setup {
        let application: String
        let account: String
        let configID: String
    }

    /// How the group logs in: the server's key as the sshd's user, or a user and password.
    enum Login {
        case key
        case password(user: String, password: String)
    }

    static func setUp(
        _ h: CodingHarness, sshd: LoopbackSSHD, ips: [String], login: Login = .key, stages: (_ account: String, _ application: String) -> String
    ) async throws -> Setup {
        let application = "web-" + UUID().uuidString.prefix(8).lowercased()
        let content = #"{"job":[{"type":"createApplication","application":{"name":"\#(application)","cloudProviders":"hostserver"}}]}"#
        _ = try await h.action("CreateCdTask", #"{"TaskJsonContent":\#(JSONValue.string(content).jsonText)}"#)
        _ = try await h.makeProject("cd-home")
        let bound = try await h.action("BindCdApplicationToProject", #"{"ProjectName":"cd-home","Application":"\#(application)"}"#)
        #expect(bound.response["Error"].isNull, "\(bound.text)")
        let ipList = ips.map { #""\#($0)""# }.joined(separator: ",")
        let auth: String
        switch login {
        case .key: auth = #""AuthMethod":"PUBLIC_KEY","UserName":"\#(sshd.user)""#
        case .password(let user, let password): auth = #""AuthMethod":"PASSWORD","UserName":"\#(user)","Password":"\#(password)""#
        }
        let group = try await h.action(
            "CreateCdHostServerGroup",
            #"{"AgentMachineId":0,"DisplayName":"vm-\#(application)",\#(auth),"Port":\#(sshd.port),"Ips":[\#(ipList)]}"#)
        let groupID = try #require(group.response["Data"]["HostServerGroup"]["Id"].int, "\(group.text)")
        let account = "cred-0-\(groupID)"
        let pipeline = #"{"application":"\#(application)","name":"release","stages":\#(stages(account, application)),"triggers":[]}"#
        let saved = try await h.action("CreateCdPipeline", #"{"PipelineJsonContent":\#(JSONValue.string(pipeline).jsonText)}"#)
        #expect(saved.response["Error"].isNull, "\(saved.text)")
        let config = try await h.action("DescribeCdPipelineConfig", #"{"Application":"\#(application)","PipelineName":"release"}"#)
        let configID = try #require(config.response["Data"]["PipelineConfig"]["Id"].string, "\(config.text)")
        return Setup(application: application, account: account, configID: configID)
    }

    static func deployStage(_ account: String, log: String, rolling: String = #""rolling":true,"rollingType":"batchSize","batchSize":1"#) -> String {
        let artifact = Data("hello from v1\n".utf8).base64EncodedString()
        return #"""
            {"refId":"1","requisiteStageRefIds":[],"type":"deployHostserver","name":"deploy","account":"\#(account)","releaseName":"app",
             "artifacts":[{"type":"embedded/base64","name":"app.txt","reference":"\#(artifact)"}],
             "preScripts":[{"source":"text","type":"generic","timeoutSeconds":30,"content":"test -n \"$DEPLOY_DIR\""}],
             "postScripts":[{"source":"text","type":"generic","timeoutSeconds":30,"content":"printf '%s' \"$GREETING\" > greeting.txt\necho \"$(echo $SSH_CONNECTION | cut -d' ' -f3) $(cat app.txt)\" >> ../\#(log)-deployed.log\nsleep 0.3"}],
             \#(rolling)}
            """#
    }

    /// Poll DescribeCdPipeline until the execution ends (60 s at most); its `Data`.
    static func finished(_ h: CodingHarness, _ id: String) async throws -> JSONValue {
        var last = JSONValue.null
        for _ in 0..<600 {
            last = try await h.action("DescribeCdPipeline", #"{"PipelineExecutionId":"\#(id)"}"#).response["Data"]
            if ["SUCCEEDED", "TERMINAL", "CANCELED"].contains(last["PipelineExecutionStatus"].string ?? "") { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("execution \(id) did not end: \(last)")
        return last
    }

    static func trigger(_ h: CodingHarness, _ setup: Setup, parameters: String = "{}", token: String? = nil) async throws -> HTTPReply {
        let trigger = #"{"type":"manual","dryRun":false,"user":"coding","parameters":\#(parameters)}"#
        return try await h.action(
            "TriggerCdPipeline",
            #"{"Application":"\#(setup.application)","PipelineNameOrId":"release","TriggerJsonContent":\#(JSONValue.string(trigger).jsonText)}"#,
            token: token)
    }

    static var home: String { FileManager.default.homeDirectoryForCurrentUser.path }

    @Test(arguments: CodingStoreKind.enabled)
    func aPipelineDeploysAnArtifactToTwoHostsInRollingBatches(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let sshd = try await LoopbackSSHD.start(authorizedKeys: [try await h.context.engine.cdIdentity.publicKey()])
            defer { sshd.stop() }
            let setup = try await Self.setUp(h, sshd: sshd, ips: LoopbackSSHD.hosts) { account, application in
                "[\(Self.deployStage(account, log: application)),{\"refId\":\"2\",\"requisiteStageRefIds\":[\"1\"],\"type\":\"wait\",\"waitTime\":0}]"
            }
            let releases = "\(Self.home)/.slipway-cd"
            defer { try? FileManager.default.removeItem(atPath: "\(releases)/\(setup.application)-deployed.log") }
            let hostile = #"it's $(touch /tmp/pwned-cd) `id` \"x\""#
            let reply = try await Self.trigger(h, setup, parameters: #"{"GREETING":\#(JSONValue.string(hostile).jsonText)}"#)
            let id = try #require(reply.response["Data"]["PipelineExecutionId"].string, "\(reply.text)")
            #expect(reply.response["Data"]["PipelineExecutionRef"].string == "/pipelines/\(id)")
            let data = try await Self.finished(h, id)
            #expect(data["PipelineExecutionStatus"].string == "SUCCEEDED", "\(data)")
            #expect(data["Application"].string == setup.application && data["PipelineConfigId"].string == setup.configID)
            let document = JSONValue(text: data["PipelineExecutionJsonContent"].string ?? "")
            let group = "\(setup.application)-app-v000"
            #expect(document["stages"][0]["context"]["deploy.server.groups"].object.values.first == .array([.string(group)]), "\(document)")
            #expect(document["stages"].array.map { $0["status"].string } == ["SUCCEEDED", "SUCCEEDED"])
            #expect(document["trigger"]["parameters"]["GREETING"].string == hostile && document["type"].string == "PIPELINE")

            // Both hosts got the artifact, one batch after the other; the parameter arrived as data.
            let directory = "\(releases)/\(group)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            #expect(try String(contentsOfFile: "\(directory)/app.txt", encoding: .utf8) == "hello from v1\n")
            #expect(try String(contentsOfFile: "\(directory)/greeting.txt", encoding: .utf8) == hostile)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned-cd"))
            let log = try String(contentsOfFile: "\(releases)/\(setup.application)-deployed.log", encoding: .utf8)
            #expect(log == "127.0.0.1 hello from v1\n127.0.0.2 hello from v1\n", "\(log)")

            let instances = try await h.action("DescribeHostServerInstance", #"{"Account":"\#(setup.account)","ServerGroupName":"\#(group)"}"#)
            let hosts = instances.response["Data"].array
            #expect(hosts.map { $0["Ip"].string } == LoopbackSSHD.hosts, "\(instances.text)")
            #expect(hosts.allSatisfy { $0["Status"].string == "succeed" && $0["CloudProvider"].string == "hostserver" && ($0["DeployedTime"].int ?? 0) > 0 })

            // A second run makes the next server group; the history lists both, newest first.
            let again = try #require(try await Self.trigger(h, setup).response["Data"]["PipelineExecutionId"].string)
            #expect(try await Self.finished(h, again)["PipelineExecutionStatus"].string == "SUCCEEDED")
            defer { try? FileManager.default.removeItem(atPath: "\(releases)/\(setup.application)-app-v001") }
            let history = try await h.action("DescribeExecutionsByConfigId", #"{"ConfigId":"\#(setup.configID)","Limit":10}"#)
            let executions = history.response["Data"]["Executions"].array
            #expect(executions.map { $0["Id"].string } == [again, id], "\(history.text)")
            #expect(executions.allSatisfy { $0["Status"].string == "SUCCEEDED" && $0["PipelineConfigId"].string == setup.configID })
            #expect(JSONValue(text: executions[0]["Stages"].string ?? "")[0]["context"]["serverGroupName"].string == "\(setup.application)-app-v001")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aFailingHostStopsTheRolloutWithTheReason(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let sshd = try await LoopbackSSHD.start(authorizedKeys: [try await h.context.engine.cdIdentity.publicKey()])
            defer { sshd.stop() }
            // Nothing listens on 127.0.0.3: the first batch fails and the second is never reached.
            let setup = try await Self.setUp(h, sshd: sshd, ips: ["127.0.0.3", "127.0.0.1"]) { "[\(Self.deployStage($0, log: $1))]" }
            let id = try #require(try await Self.trigger(h, setup).response["Data"]["PipelineExecutionId"].string)
            let data = try await Self.finished(h, id)
            #expect(data["PipelineExecutionStatus"].string == "TERMINAL", "\(data)")
            let document = JSONValue(text: data["PipelineExecutionJsonContent"].string ?? "")
            let reason = document["stages"][0]["context"]["exception"]["details"]["errors"][0].string ?? ""
            #expect(reason.contains("host 127.0.0.3 failed") && reason.contains("rollout stopped at batch 1 of 2"), "\(reason)")
            #expect(reason.contains("not deployed: 127.0.0.1"), "\(reason)")
            let group = "\(setup.application)-app-v000"
            #expect(!FileManager.default.fileExists(atPath: "\(Self.home)/.slipway-cd/\(group)"))
            let instances = try await h.action("DescribeHostServerInstance", #"{"Account":"\#(setup.account)","ServerGroupName":"\#(group)"}"#)
            #expect(instances.response["Data"].array.map { [$0["Ip"].string, $0["Status"].string] } == [["127.0.0.3", "failed"]], "\(instances.text)")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func executionsAreCancelledWithAReasonAndGuarded(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            await h.context.engine.addObserver(TaskEventPublisher(events: h.context.events))
            CdExecutionService(h.context).subscribe()
            let sshd = try await LoopbackSSHD.start(authorizedKeys: [])
            defer { sshd.stop() }
            let setup = try await Self.setUp(h, sshd: sshd, ips: ["127.0.0.1"]) { _, _ in
                #"[{"refId":"1","requisiteStageRefIds":[],"type":"wait","name":"hold","waitTime":60}]"#
            }
            let (reader, readOnly) = try await h.makeUser("reader")
            try await h.store.roles.addBindings(namespace: "cd-home", role: "read-only", subjects: [.user(uid: reader.uid)])
            let (_, stranger) = try await h.makeUser("stranger")
            // Only administrators and members who may run workflows trigger; no token is no caller.
            #expect(try await Self.trigger(h, setup, token: readOnly).response["Error"]["Code"].string == "UnauthorizedOperation")
            #expect(try await Self.trigger(h, setup, token: stranger).response["Error"]["Code"].string == "ResourceNotFound")
            let anonymous = try await h.action("TriggerCdPipeline", #"{"Application":"\#(setup.application)","PipelineNameOrId":"release"}"#, anonymous: true)
            #expect(anonymous.response["Error"]["Code"].string == "AuthFailure")
            let badTrigger = try await h.action(
                "TriggerCdPipeline", #"{"Application":"\#(setup.application)","PipelineNameOrId":"release","TriggerJsonContent":"[1]"}"#)
            #expect(badTrigger.response["Error"]["Code"].string == "InvalidParameterValue", "\(badTrigger.text)")
            let missing = try await h.action("TriggerCdPipeline", #"{"Application":"\#(setup.application)","PipelineNameOrId":"nope"}"#)
            #expect(missing.response["Error"]["Code"].string == "ResourceNotFound")

            let id = try #require(try await Self.trigger(h, setup).response["Data"]["PipelineExecutionId"].string)
            // A read-only member sees it but may not cancel it; a stranger does not see it.
            let seen = try await h.action("DescribeCdPipeline", #"{"PipelineExecutionId":"\#(id)"}"#, token: readOnly)
            #expect(seen.response["Data"]["PipelineName"].string == "release", "\(seen.text)")
            let hidden = try await h.action("DescribeCdPipeline", #"{"PipelineExecutionId":"\#(id)"}"#, token: stranger)
            #expect(hidden.response["Error"]["Code"].string == "ResourceNotFound")
            let refused = try await h.action("CancelCdPipeline", #"{"PipelineExecutionId":"\#(id)","Reason":"no"}"#, token: readOnly)
            #expect(refused.response["Error"]["Code"].string == "UnauthorizedOperation")
            #expect(
                try await h.action("DescribeHostServerInstance", #"{"Account":"\#(setup.account)","ServerGroupName":"x"}"#, token: readOnly)
                    .response["Error"]["Code"].string == "UnauthorizedOperation")

            // Every execution action: no token is no caller; a stranger sees nothing; a read-only member reads the history.
            let calls = [
                ("DescribeCdPipeline", #"{"PipelineExecutionId":"\#(id)"}"#), ("DescribeExecutionsByConfigId", #"{"ConfigId":"\#(setup.configID)"}"#),
                ("CancelCdPipeline", #"{"PipelineExecutionId":"\#(id)"}"#),
                ("DescribeHostServerInstance", #"{"Account":"\#(setup.account)","ServerGroupName":"x"}"#),
            ]
            for (action, body) in calls {
                #expect(try await h.action(action, body, anonymous: true).response["Error"]["Code"].string == "AuthFailure", "\(action)")
                let code = try await h.action(action, body, token: stranger).response["Error"]["Code"].string
                #expect(code == "ResourceNotFound" || code == "UnauthorizedOperation", "\(action): \(code ?? "no error")")
            }
            let history = try await h.action("DescribeExecutionsByConfigId", #"{"ConfigId":"\#(setup.configID)"}"#, token: readOnly)
            #expect(history.response["Data"]["Executions"].array.count == 1, "\(history.text)")

            let cancelled = try await h.action("CancelCdPipeline", #"{"PipelineExecutionId":"\#(id)","Reason":"wrong build"}"#)
            #expect(cancelled.response["Error"].isNull, "\(cancelled.text)")
            let data = try await Self.finished(h, id)
            #expect(data["PipelineExecutionStatus"].string == "CANCELED")
            let document = JSONValue(text: data["PipelineExecutionJsonContent"].string ?? "")
            #expect(document["cancellationReason"].string == "wrong build" && document["canceled"].bool == true && document["canceledBy"].string == "admin")
            // The end is kept with the execution (history and statistics read it).
            var kept = ""
            for _ in 0..<50 where kept != "CANCELED" {
                kept = try await h.store.cdExecutions.get(id: id)?.status ?? ""
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(kept == "CANCELED")
            let unknown = try await h.action("DescribeCdPipeline", #"{"PipelineExecutionId":"01NOPE"}"#)
            #expect(unknown.response["Error"]["Code"].string == "ResourceNotFound")
            let badLimit = try await h.action("DescribeExecutionsByConfigId", #"{"ConfigId":"\#(setup.configID)","Limit":0}"#)
            #expect(badLimit.response["Error"]["Code"].string == "InvalidParameter")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func deployStagesAreCheckedWhenSaved(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let content = #"{"job":[{"type":"createApplication","application":{"name":"shop","cloudProviders":"hostserver"}}]}"#
            _ = try await h.action("CreateCdTask", #"{"TaskJsonContent":\#(JSONValue.string(content).jsonText)}"#)
            let bad = [
                #"{"refId":"1","type":"deployHostserver","account":"root","releaseName":"app"}"#,
                #"{"refId":"1","type":"deployHostserver","account":"cred-0-1","releaseName":"App Name"}"#,
                #"{"refId":"1","type":"deployHostserver","account":"cred-0-1","releaseName":"app","artifacts":[{"type":"embedded/base64","name":"../x","reference":"aGk="}]}"#,
                #"{"refId":"1","type":"deployHostserver","account":"cred-0-1","releaseName":"app","rolling":true,"targetPercentages":[50,40]}"#,
                #"{"refId":"1","type":"deployHostserver","account":"cred-0-1","releaseName":"app","preScripts":[{"source":"artifact","content":""}]}"#,
            ]
            for stage in bad {
                let pipeline = #"{"application":"shop","name":"p","stages":[\#(stage)],"triggers":[]}"#
                let reply = try await h.action("CreateCdPipeline", #"{"PipelineJsonContent":\#(JSONValue.string(pipeline).jsonText)}"#)
                #expect(reply.response["Error"]["Code"].string == "InvalidParameterValue", "\(stage): \(reply.text)")
            }
            #expect(try await h.store.cdPipelines.list(application: "shop").isEmpty)
        }
    }

    @Test func rolloutsCutHostsIntoBatches() throws {
        func stage(_ rolling: String) throws -> CdHostDeployStage {
            try CdHostDeployStage(SpecReader(JSONValue(text: #"{"account":"cred-0-1","releaseName":"app",\#(rolling)}"#), path: "stage"))
        }
        let hosts = ["a", "b", "c", "d", "e"]
        #expect(try stage(#""rolling":false"#).batches(of: hosts) == [hosts])
        #expect(try stage(#""rolling":true,"rollingType":"batchSize","batchSize":2"#).batches(of: hosts) == [["a", "b"], ["c", "d"], ["e"]])
        #expect(try stage(#""rolling":true,"targetPercentages":[20,50,100]"#).batches(of: hosts) == [["a"], ["b", "c"], ["d", "e"]])
        #expect(try stage(#""rolling":true,"targetPercentages":[1,2,100]"#).batches(of: hosts) == [["a"], ["b"], ["c", "d", "e"]])
    }
}

/// CD statistics from recorded executions: counts, daily trend and durations per application,
/// by project and by application list.
@Suite struct CdStatisticsTests {
    static func window(_ days: Int = 0) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let today = formatter.string(from: Date()), before = formatter.string(from: Date().addingTimeInterval(-86_400 * Double(days)))
        return #""StartAt":"\#(before) 00:00:00","EndAt":"\#(today) 23:59:59""#
    }

    @Test(arguments: CodingStoreKind.enabled)
    func statisticsCountTheRecordedExecutions(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            await h.context.engine.addObserver(TaskEventPublisher(events: h.context.events))
            CdExecutionService(h.context).subscribe()
            let sshd = try await LoopbackSSHD.start(authorizedKeys: [])
            defer { sshd.stop() }
            let setup = try await CdExecutionTests.setUp(h, sshd: sshd, ips: ["127.0.0.1"]) { _, _ in
                #"[{"refId":"1","requisiteStageRefIds":[],"type":"wait","waitTime":0}]"#
            }
            for _ in 0..<2 {
                let id = try #require(try await CdExecutionTests.trigger(h, setup).response["Data"]["PipelineExecutionId"].string)
                #expect(try await CdExecutionTests.finished(h, id)["PipelineExecutionStatus"].string == "SUCCEEDED")
            }
            // The kept end of each execution is what the statistics read.
            for _ in 0..<50 where try await h.store.cdExecutions.list(configID: setup.configID, limit: 10).contains(where: { !$0.succeeded }) {
                try await Task.sleep(for: .milliseconds(100))
            }
            let count = try await h.action("DescribeCdDeployCountByProject", #"{"ProjectName":"cd-home",\#(Self.window(1))}"#)
            #expect(count.response["Data"]["Total"]["TotalCount"].int == 2 && count.response["Data"]["Total"]["SucceedCount"].int == 2, "\(count.text)")
            #expect(count.response["Data"]["Details"][0]["Application"].string == setup.application)
            let trend = try await h.action("DescribeCdDeployTrendByApplications", #"{"Application":["\#(setup.application)"],\#(Self.window(2))}"#)
            let days = trend.response["Data"]["Total"]["CdDeployTrend"].array
            #expect(days.count == 3 && days.last?["TotalCount"].int == 2 && days.first?["TotalCount"].int == 0, "\(trend.text)")
            let time = try await h.action("DescribeCdDeployTimeByApplications", #"{"Applicatio":["\#(setup.application)"],\#(Self.window())}"#)
            #expect(time.response["Data"]["Total"]["TotalCount"].int == 2 && time.response["Data"]["Total"]["DeployTime"].int != nil, "\(time.text)")

            // Bad windows, unknown and hidden applications, no token.
            let reversed = try await h.action(
                "DescribeCdDeployCountByProject", #"{"ProjectName":"cd-home","StartAt":"2024-02-01 00:00:00","EndAt":"2024-01-01 00:00:00"}"#)
            #expect(reversed.response["Error"]["Code"].string == "InvalidParameterValue")
            let wide = try await h.action(
                "DescribeCdDeployCountByProject", #"{"ProjectName":"cd-home","StartAt":"2020-01-01 00:00:00","EndAt":"2024-01-01 00:00:00"}"#)
            #expect(wide.response["Error"]["Code"].string == "InvalidParameterValue")
            let malformed = try await h.action("DescribeCdDeployTimeByProject", #"{"ProjectName":"cd-home","StartAt":"yesterday","EndAt":"today"}"#)
            #expect(malformed.response["Error"]["Code"].string == "InvalidParameterValue")
            let (_, stranger) = try await h.makeUser("stranger")
            let hidden = try await h.action(
                "DescribeCdDeployCountByApplications", #"{"Application":["\#(setup.application)"],\#(Self.window())}"#, token: stranger)
            #expect(hidden.response["Error"]["Code"].string == "ResourceNotFound")
            let project = try await h.action("DescribeCdDeployTrendByProject", #"{"ProjectName":"cd-home",\#(Self.window())}"#, token: stranger)
            #expect(project.response["Error"]["Code"].string == "ResourceNotFound")
            let (reader, readOnly) = try await h.makeUser("reader")
            try await h.store.roles.addBindings(namespace: "cd-home", role: "read-only", subjects: [.user(uid: reader.uid)])
            let read = try await h.action("DescribeCdDeployCountByProject", #"{"ProjectName":"cd-home",\#(Self.window())}"#, token: readOnly)
            #expect(read.response["Data"]["Total"]["TotalCount"].int == 2, "\(read.text)")
            let anonymous = try await h.action("DescribeCdDeployCountByProject", #"{"ProjectName":"cd-home",\#(Self.window())}"#, anonymous: true)
            #expect(anonymous.response["Error"]["Code"].string == "AuthFailure")
        }
    }
}
