import Foundation
import SlipwayCore
import Testing

/// A workflow's job specs decode into typed plans when it is saved: good specs in every layout
/// the engine runs, bad ones refused with the path of the bad field.
@Suite struct JobPlanDecodingTests {
    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func workflow(_ jobs: [(String, JobType, String)], stages: Int = 1) throws -> Workflow {
        var definitions: [JobDefinition] = []
        for (name, type, spec) in jobs { definitions.append(JobDefinition(name: name, type: type, spec: try json(spec))) }
        let stage = StageDefinition(name: "build", parallel: false, jobs: definitions)
        return Workflow(
            key: "plans", displayName: "plans", projectKey: "demo",
            stages: Array(repeating: StageDefinition(name: "first", parallel: true, jobs: []), count: stages - 1) + [stage],
            createdBy: "admin")
    }

    static func refusal(_ workflow: Workflow) -> String? {
        do {
            _ = try workflow.compiledPlans()
            return nil
        } catch {
            guard case .invalidInput(let message) = error else { return "unexpected \(error)" }
            return message
        }
    }

    @Test func freestyleStepsDecodeWithTheirFieldsAndTemplatesKept() throws {
        let spec = #"""
            {"properties":{"timeout":"15","envs":[{"key":"TOKEN","value":"{{.workflow.params.token}}","is_credential":true},{"value":"no key"}]},
             "steps":[{"name":"tools","type":"tools","spec":{"installs":[{"name":"go","version":"1.22"}]}},
                      {"name":"clone","type":"git","spec":{"repos":[{"address":"https://git.example/","repo_namespace":"team",
                        "repo_name":"app","branch":"{{.workflow.params.branch}}","prs":[4],"pr":7,"unknown":{"ignored":true}}]}},
                      {"name":"build","type":"shell","spec":{"script":"make {{.workflow.params.target}}"}},
                      {"name":"keep","type":"archive","spec":{"upload_detail":[{"file_path":"out/app","dest_dir":"bin"}],"files":["log.txt"]}}]}
            """#
        let plans = try Self.workflow([("build", .freestyle, spec)]).compiledPlans()
        let job = try #require(plans.first?.first)
        #expect(
            job.settings
                == JobSettings(
                    envs: [.init(key: "TOKEN", value: "{{.workflow.params.token}}", isCredential: true)],
                    timeoutMinutes: 15))
        guard case .freestyle(let plan) = job.plan else { Issue.record("not a freestyle plan"); return }
        #expect(plan.steps.map(\.name) == ["tools", "clone", "build", "keep"])
        #expect(plan.steps[0].action == .tools([ToolInstall(name: "go", version: "1.22")]))
        guard case .git(let repos) = plan.steps[1].action else { Issue.record("not a git step"); return }
        #expect(repos[0].cloneURL == "https://git.example/team/app.git")
        #expect(repos[0].branch == "{{.workflow.params.branch}}")
        #expect(repos[0].pullRequests == [4, 7])
        #expect(plan.steps[2].action == .shell(script: "make {{.workflow.params.target}}"))
        #expect(plan.steps[3].action == .archive([ArchiveItem(source: "out/app", destination: "bin"), ArchiveItem(source: "log.txt")]))
    }

    @Test func theNewerFreestyleLayoutBecomesAGitThenAShellStep() throws {
        let spec = #"{"repos":[{"url":"https://git.example/app.git","checkout_path":"src"}],"script":"ls src","advanced_setting":{"timeout":3}}"#
        let job = try #require(try Self.workflow([("build", .freestyle, spec)]).compiledPlans().first?.first)
        #expect(job.settings.timeoutMinutes == 3)
        guard case .freestyle(let plan) = job.plan else { Issue.record("not a freestyle plan"); return }
        #expect(plan.steps.map(\.type) == ["git", "shell"])
        #expect(plan.steps[0].action == .git([GitCloneSource(url: "https://git.example/app.git", checkoutPath: "src")]))
        #expect(plan.steps[1].action == .shell(script: "ls src"))
    }

    @Test func everyOtherJobTypeDecodes() throws {
        let plans = try Self.workflow([
            (
                "plug", .plugin,
                #"{"plugin":{"name":"echo","cmds":["sh","-c"],"args":["echo $(inputs.word)"],"envs":[{"name":"A","value":"1"}],"#
                    + #""inputs":[{"name":"word","value":"","default":"hi"},{"name":"key","value":"s3cr3t","is_credential":true}]}}"#
            ),
            ("gate", .approval, #"{"description":"ship?","native_approval":{"approve_users":[{"user_name":"lead"}],"needed_approvers":2,"timeout":5}}"#),
            ("migrate", .sql, #"{"database_name":"main","sql":"select 1;"}"#),
            (
                "next", .workflowTrigger,
                #"{"is_enable_check":true,"fixed_workflow_list":[{"workflow_name":"deploy","project_name":"ops","params":[{"name":"env","value":"prod"}]},{"params":[]}]}"#
            ),
            (
                "tell", .notification,
                #"{"webhook_type":"webhook","webhook_notify":{"address":"http://127.0.0.1:1/hook","token":"t"},"title":"done","content":"{{.workflow.task.id}}"}"#
            ),
            (
                "deploy", .serverlessPipeline,
                #"{"repo_url":"/repos/app","commit":"{{.workflow.params.commit}}","pipeline":"{{.workflow.params.pipeline}}","secrets":{"KEY":"{{.workflow.params.secrets.KEY}}"},"git":{"branch":"main"},"task_id":"7-{{.workflow.task.id}}"}"#
            ),
        ]).compiledPlans()[0].map(\.plan)
        #expect(plans.map(\.type) == [.plugin, .approval, .sql, .workflowTrigger, .notification, .serverlessPipeline])
        #expect(
            plans[0]
                == .plugin(
                    PluginPlan(
                        name: "echo", cmds: ["sh", "-c"], args: ["echo $(inputs.word)"], envs: [.init(name: "A", value: "1")],
                        inputs: [
                            .init(name: "word", value: "", defaultValue: "hi"),
                            .init(name: "key", value: "s3cr3t", isCredential: true),
                        ])))
        if case .plugin(let plugin) = plans[0] {
            #expect(plugin.inputValues == ["word": "hi", "key": "s3cr3t"])
            #expect(plugin.scriptIndex == 2)
        }
        #expect(
            plans[1]
                == .approval(
                    ApprovalPlan(
                        approval: ApprovalSpec(
                            approveUsers: [.init(userName: "lead")], neededApprovers: 2,
                            timeoutMinutes: 5, description: "ship?"))))
        #expect(plans[2] == .sql(SQLPlan(database: "main", script: "select 1;")))
        #expect(
            plans[3]
                == .workflowTrigger(
                    WorkflowTriggerPlan(
                        targets: [.init(workflow: "deploy", project: "ops", params: ["env": "prod"])],
                        waitsForCompletion: true)))
        #expect(
            plans[4]
                == .notification(
                    NotificationPlan(
                        webhookType: "webhook", webhookAddress: "http://127.0.0.1:1/hook", webhookToken: "t",
                        title: "done", content: "{{.workflow.task.id}}")))
        #expect(
            plans[5]
                == .serverlessPipeline(
                    ServerlessPipelinePlan(
                        repoURL: "/repos/app", commit: "{{.workflow.params.commit}}", pipeline: "{{.workflow.params.pipeline}}",
                        secrets: ["KEY": "{{.workflow.params.secrets.KEY}}"], git: .init(branch: "main"), taskID: "7-{{.workflow.task.id}}")))
    }

    @Test func aBadFieldIsRefusedWithItsPath() throws {
        let cases: [(JobType, String, String)] = [
            (
                .freestyle,
                #"{"steps":[{"type":"shell","spec":{"script":"ok"}},{"type":"shell","spec":{"script":"ok"}},{"type":"shell","spec":{"script":{"a":1}}}]}"#,
                "stages[1].jobs[1].spec.steps[2].spec.script: expected a string"
            ),
            (
                .freestyle, #"{"steps":[{"type":"docker","spec":{}}]}"#,
                "stages[1].jobs[1].spec.steps[0].type: step type docker is not supported (shell, git, tools, archive)"
            ),
            (.freestyle, #"{"steps":"make"}"#, "stages[1].jobs[1].spec.steps: expected an array"),
            (.freestyle, #"{"script":"make","properties":{"timeout":"soon"}}"#, "stages[1].jobs[1].spec.properties.timeout: expected an integer"),
            (
                .freestyle, #"{"script":"make","envs":[{"key":"A","is_credential":"maybe"}]}"#,
                "stages[1].jobs[1].spec.envs[0].is_credential: expected a boolean"
            ),
            (
                .freestyle, #"{"steps":[{"type":"git","spec":{"repos":[{"url":"u","prs":["x"]}]}}]}"#,
                "stages[1].jobs[1].spec.steps[0].spec.repos[0].prs[0]: expected an integer"
            ),
            (.freestyle, #"{}"#, "stages[1].jobs[1].spec.steps: a freestyle job needs steps or a script"),
            (.plugin, #"{"plugin":{"cmds":[["sh"]]}}"#, "stages[1].jobs[1].spec.plugin.cmds[0]: expected a string"),
            (.plugin, #"{"name":"empty"}"#, "stages[1].jobs[1].spec.cmds: a plugin needs cmds or args"),
            (
                .approval, #"{"native_approval":{"approve_users":[{"user_name":"lead"}],"timeout":[]}}"#,
                "stages[1].jobs[1].spec.native_approval.timeout: expected an integer"
            ),
            (
                .approval, #"{"native_approval":{"approve_users":[]}}"#,
                "stages[1].jobs[1].spec.native_approval.approve_users: an approval job needs at least one approver"
            ),
            (.sql, #"{"id":"db","sql":{"text":"select 1"}}"#, "stages[1].jobs[1].spec.sql: expected a string"),
            (
                .workflowTrigger, #"{"fixed_workflow_list":[{"workflow_name":"x","params":{}}]}"#,
                "stages[1].jobs[1].spec.fixed_workflow_list[0].params: expected an array"
            ),
            (
                .workflowTrigger, #"{"fixed_workflow_list":[{"workflow_name":"plans"}]}"#,
                "stages[1].jobs[1].spec.fixed_workflow_list[0]: a workflow cannot trigger itself"
            ),
            (.notification, #"{"webhook_type":"lark","is_at_all":"yes"}"#, "stages[1].jobs[1].spec.is_at_all: expected a boolean"),
            (.serverlessPipeline, #"{"repo_url":"r","secrets":["a"]}"#, "stages[1].jobs[1].spec.secrets: expected an object"),
            (JobType(rawValue: "zadig-deploy"), #"{}"#, "stages[1].jobs[1].type: job type zadig-deploy is not supported"),
            (.zadigBuild, #"{"service_and_builds":[{"build_name":""}]}"#, "stages[1].jobs[1].spec[0]: the name of the build, test or scan is required"),
            (.zadigTest, #"{"test_modules":{}}"#, "stages[1].jobs[1].spec.test_modules: expected an array"),
        ]
        for (type, spec, expected) in cases {
            let workflow = try Self.workflow([("fine", .sql, #"{"id":"db","sql":"select 1"}"#), ("bad", type, spec)], stages: 2)
            #expect(Self.refusal(workflow) == expected, "\(spec)")
        }
    }

    @Test func lenientWhereZadigIs() throws {
        // Numbers for text, text for numbers and booleans, unknown keys and nulls: all accepted.
        let spec =
            #"{"steps":[{"type":"shell","name":7,"spec":{"script":42,"extra":[1,2]}}],"envs":null,"properties":{"timeout":null,"envs":[{"key":"N","value":3,"is_credential":"false"}]},"advanced_setting":{"timeout":"9"}}"#
        let job = try #require(try Self.workflow([("build", .freestyle, spec)]).compiledPlans().first?.first)
        #expect(job.settings == JobSettings(envs: [.init(key: "N", value: "3")], timeoutMinutes: 9))
        #expect(job.plan == .freestyle(FreestylePlan(steps: [FreestyleStep(name: "7", type: "shell", action: .shell(script: "42"))])))
    }

    @Test func templatesRenderWithScriptsApart() throws {
        let spec = #"{"envs":[{"key":"WHO","value":"{{.who}}"}],"steps":[{"name":"say {{.who}}","type":"shell","spec":{"script":"echo {{.who}}"}}]}"#
        let job = try JobDefinition(name: "say", type: .freestyle, spec: Self.json(spec)).compiled()
        let rendered = job.mapTemplates(script: { "SCRIPT(" + $0 + ")" }, text: { $0.replacingOccurrences(of: "{{.who}}", with: "ann") })
        #expect(rendered.settings.envs == [.init(key: "WHO", value: "ann")])
        #expect(rendered.plan == .freestyle(FreestylePlan(steps: [FreestyleStep(name: "say ann", type: "shell", action: .shell(script: "SCRIPT(echo ann)"))])))
        let plugin = try JobPlan(type: .plugin, spec: Self.json(#"{"cmds":["bash","-ec","echo {{.who}}"],"args":["{{.who}}"]}"#))
        #expect(
            plugin.mapTemplates(script: { "S:" + $0 }, text: { $0.replacingOccurrences(of: "{{.who}}", with: "ann") })
                == .plugin(PluginPlan(cmds: ["bash", "-ec", "S:echo ann"], args: ["ann"])))
    }
}
