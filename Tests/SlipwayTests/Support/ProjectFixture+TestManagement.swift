import Foundation
import SlipwayCore
import Testing

extension ProjectFixture {
    /// Test management (issue 16): a section with a case, a run of it with a result, defect
    /// issue 3 linked to its test, and a report over the run; the changes are in the audit log.
    static func populateTestManagement(_ key: String, _ app: Harness) async throws {
        let calls = [
            ("CreateTestCaseSection", #""Name":"s""#),
            ("CreateTestCase", #""SectionId":{section},"Title":"c","TemplateType":"STEPS","CustomSteps":[{"Content":"a","Expected":"b"}]"#),
            ("CreateTestRun", #""Name":"r","IncludeAll":true"#),
            ("CreateTestStepResult", #""TestId":{test},"StepIndex":1,"StepStatus":"PASSED","Status":"PASSED""#),
            ("CreateTestDefect", #""TestId":{test},"DefectId":3"#),
            ("CreateReport", #""Name":"rep","RunIds":[{run}]"#),
        ]
        var ids: [String: String] = [:]
        for (action, template) in calls {
            var fields = template
            for (name, value) in ids { fields = fields.replacingOccurrences(of: "{\(name)}", with: value) }
            let reply = try await app.call(
                .post, "/open-api?Action=\(action)", auth: .codingToken(app.adminToken), body: #"{"ProjectName":"\#(key)",\#(fields)}"#)
            #expect(reply.json["Response"]["Error"]["Code"].string == nil, "\(action): \(reply.text)")
            let data = reply.json["Response"]["Data"]
            if let id = data["Section"]["Id"].int { ids["section"] = "\(id)" }
            if let id = data["Run"]["Id"].int {
                ids["run"] = "\(id)"
                let tests = try await app.store.testManagement.tests(runIDs: [Int64(id)])
                ids["test"] = "\(tests.first?.id ?? 0)"
            }
        }
        let audited = try await app.store.operationLogs.list(OperationLogQuery(projectKey: key, function: "CreateTestDefect", page: 1, perPage: 10))
        #expect(audited.total == 1, "test management changes are audited")
    }
}
