import SlipwayCore

extension SchemaScenario {
    /// CD targets: an agent machine list, a host server group and a cloud account, each created,
    /// read, listed, changed and deleted.
    func deployTargets() async throws {
        try await call("DescribeCdAgentMachines", #"{"PageNumber":1,"PageSize":10}"#)
        let created = try await call(
            "CreateCdHostServerGroup",
            #"{"AgentMachineId":0,"DisplayName":"web","AuthMethod":"PASSWORD","UserName":"deploy","Port":22,"Ips":["127.0.0.1"],"Password":"pw","Labels":[{"Key":"env","Value":"test"}]}"#
        )
        let id = created["Data"]["HostServerGroup"]["Id"].int ?? 0
        try await call("DescribeCdHostServerGroup", #"{"Id":\#(id)}"#)
        try await call("DescribeCdHostServerGroups", #"{"Keyword":"we"}"#)
        try await call(
            "ModifyCdHostServerGroup",
            #"{"Id":\#(id),"AgentMachineId":0,"DisplayName":"web","AuthMethod":"PUBLIC_KEY","UserName":"deploy","Port":2222,"Ips":["127.0.0.1","::1"]}"#
        )
        try await call("DeleteCdHostServerGroup", #"{"Id":\#(id)}"#)
        let account = try await call(
            "CreateCdCloudAccount",
            #"{"CloudProvider":"TENCENT","Name":"tc","Credential":{"KubernetesType":"DEFAULT","TencentCloudAccount":{"SecretId":"id","SecretKey":"key","Regions":["ap-guangzhou"]}}}"#
        )
        let accountID = account["Data"]["CloudAccount"]["Id"].int ?? 0
        try await call("DescribeCdCloudAccounts", #"{"PageNumber":1,"PageSize":20}"#)
        try await call(
            "ModifyCdCloudAccount",
            #"{"Id":\#(accountID),"Name":"tc2","Credential":{"KubernetesType":"DEFAULT","TencentCloudAccount":{"SecretId":"id2","Regions":[]}}}"#
        )
        try await call("DeleteCdCloudAccount", #"{"Id":\#(accountID)}"#)
    }
}

extension SchemaScenario {
    /// CD applications and tasks: a task creates an application, which is bound and read.
    func deployApplications() async throws {
        let content =
            #"{"job":[{"type":"createApplication","application":{"name":"schema-app","cloudProviders":"hostserver","instancePort":80},"user":"admin"}],"application":"schema-app"}"#
        let task = try await call("CreateCdTask", #"{"TaskJsonContent":\#(JSONValue.string(content).jsonText)}"#)
        try await call("DescribeCdTask", #"{"TaskExecutionId":"\#(task["Data"]["TaskExecutionId"].string ?? "")"}"#)
        try await call("BindCdApplicationToProject", #"{"ProjectName":"alpha","Application":"schema-app"}"#)
        try await call("DescribeCdApplications", "{}")
        try await call("DescribeCdApplicationsByProject", #"{"ProjectName":"alpha"}"#)
        try await call("DescribeCdApplication", #"{"Application":"schema-app"}"#)
    }
}

extension SchemaScenario {
    /// CD pipeline configs of the scenario's application: saved, changed, read, reordered, deleted.
    func deployPipelines() async throws {
        func pipeline(_ name: String) -> String {
            #"{"application":"schema-app","name":"\#(name)","stages":[{"refId":"1","requisiteStageRefIds":[],"type":"wait","waitTime":1}],"triggers":[]}"#
        }
        try await call("CreateCdPipeline", #"{"PipelineJsonContent":\#(JSONValue.string(pipeline("first")).jsonText)}"#)
        let configs = try await call("DescribeCdPipelineConfigs", #"{"Application":"schema-app"}"#)
        let id = configs["Data"]["PipelineConfigs"][0]["Id"].string ?? ""
        try await call("ModifyCdPipeline", #"{"PipelineConfigId":"\#(id)","PipelineJsonContent":\#(JSONValue.string(pipeline("first")).jsonText)}"#)
        try await call("DescribeCdPipelineConfig", #"{"Application":"schema-app","PipelineName":"first"}"#)
        try await call("ReorderCdPipelines", #"{"Application":"schema-app","PipelineIdsIndices":[{"PipelineId":"\#(id)","Index":0}]}"#)
        // A run of it (a 1 s wait), read, listed and cancelled; the host instances of a server group.
        let trigger = #"{"type":"manual","dryRun":false,"user":"coding"}"#
        let run = try await call(
            "TriggerCdPipeline", #"{"Application":"schema-app","PipelineNameOrId":"first","TriggerJsonContent":\#(JSONValue.string(trigger).jsonText)}"#)
        let execution = run["Data"]["PipelineExecutionId"].string ?? ""
        try await call("DescribeCdPipeline", #"{"PipelineExecutionId":"\#(execution)"}"#)
        try await call("DescribeExecutionsByConfigId", #"{"ConfigId":"\#(id)","Limit":5}"#)
        try await call("CancelCdPipeline", #"{"PipelineExecutionId":"\#(execution)","Reason":"schema"}"#)
        try await call("DescribeHostServerInstance", #"{"Account":"cred-0-1","ServerGroupName":"schema-app-app-v000"}"#)
        let window = #""StartAt":"2020-01-01 00:00:00","EndAt":"2020-12-31 23:59:59""#
        for action in ["DescribeCdDeployCountByProject", "DescribeCdDeployTrendByProject", "DescribeCdDeployTimeByProject"] {
            try await call(action, #"{"ProjectName":"alpha",\#(window)}"#)
        }
        for action in ["DescribeCdDeployCountByApplications", "DescribeCdDeployTrendByApplications", "DescribeCdDeployTimeByApplications"] {
            try await call(action, #"{"Application":["schema-app"],\#(window)}"#)
        }
        try await call("DeleteCdPipeline", #"{"Application":"schema-app","PipelineName":"first"}"#)
    }
}
