import Foundation
import SQLKit
import SlipwayCore
import Testing

@testable import CodingAPI

/// Issue 16: test cases and reports hold files uploaded through CreateAttachmentPrepareSignUrl
/// (`AttachmentIds`, as the vendor's CreateTestCase, ModifyTestCase and CreateReport take them);
/// DescribeTestCase, DescribeTest and DescribeReport list them with download URLs that serve the
/// bytes to the member who read them. On both stores. Fixture: `TestManagementFixture`.
@Suite struct TestAttachmentTests {
    static let bytes = (0..<2048).map { UInt8($0 % 253) }

    @Test(arguments: CodingStoreKind.enabled)
    func casesHoldUploadedFilesThatMembersDownload(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await TestManagementFixture.make(h)
            let file = try await IssueActivityFixture.upload(f, name: "screen shot.png", bytes: Self.bytes, token: f.dev)
            #expect(file.answer["Size"].int == Int64(Self.bytes.count))
            // The vendor's example, with the file: only its uploader attaches it.
            let steps = #"[{"Content":"expected","Expected":"steps"},{"Content":"expected","Expected":"steps"}]"#
            let example =
                #""TemplateType":"STEPS","SectionId":1,"Title":"helel","Priority":1,"Preconds":"preconds","Steps":"Steps","Expected":"expected","CustomSteps":\#(steps)"#
            let body = example + #","AttachmentIds":[\#(file.id)]"#
            #expect(try await f.error("CreateTestCase", body) == "InvalidParameterValue", "someone else's upload")
            #expect(try await f.error("CreateTestCase", body, token: f.reader) == "UnauthorizedOperation")
            #expect(try await f.error("CreateTestCase", body, token: f.stranger) == "ResourceNotFound")
            #expect(try await f.error("CreateTestCase", body, anonymous: true) == "AuthFailure")
            #expect(try await h.store.testManagement.cases(TestCaseFilter(projectKey: "alpha")).count == 3, "nothing stored")
            let created = try await f.ok("CreateTestCase", body, token: f.dev)["Data"]["Case"]
            let caseID = try #require(created["Id"].int)

            // Shown in full with a URL that downloads the very bytes, for the member who asked only.
            let shown = try await f.ok("DescribeTestCase", #""CaseId":\#(caseID)"#, token: f.reader)["Data"]["Case"]["Attachments"].array
            #expect(shown.count == 1 && shown[0]["Id"].int == file.id && shown[0]["Name"].string == "screen shot.png", "\(shown)")
            #expect(shown[0]["CreatedAt"].string?.count == 19)
            let url = try #require(shown[0]["Url"].string)
            #expect(try await IssueActivityFixture.download(h, url: url, token: f.reader).bytes == Self.bytes)
            #expect(try await IssueActivityFixture.download(h, url: url, token: nil).error == "AuthFailure")
            #expect(try await IssueActivityFixture.download(h, url: url, token: f.stranger).error == "ResourceNotFound")
            #expect(try await IssueActivityFixture.download(h, url: url, token: f.dev).error == "ResourceNotFound", "another member's link")

            // A held file is held once: no issue, other case or report takes it.
            #expect(try await f.error("ModifyIssue", #""IssueCode":5,"FileIds":[\#(file.id)]"#, token: f.dev) == "InvalidParameterValue")
            let other = #""CaseId":2,"SectionId":1,"Title":"sign out","TemplateType":"TEXT","AttachmentIds":[\#(file.id)]"#
            #expect(try await f.error("ModifyTestCase", other, token: f.dev) == "InvalidParameterValue")
            #expect(try await f.error("CreateReport", #""Name":"r","RunIds":[1],"AttachmentIds":[\#(file.id)]"#, token: f.dev) == "InvalidParameterValue")

            // A run's test shows its case's files.
            let run = try await f.ok("CreateTestRun", #""Name":"with files","IncludeAll":false,"Cases":[\#(caseID)]"#)["Data"]["Run"]["Id"].int ?? 0
            let test = try await f.ok("DescribeTestList", #""RunId":\#(run)"#)["Data"]["Tests"][0]["Id"].int ?? 0
            let viaTest = try await f.ok("DescribeTest", #""TestId":\#(test)"#, token: f.dev)["Data"]["Test"]["Case"]["Attachments"].array
            #expect(viaTest.map { $0["Id"].int } == [file.id])
            #expect(try await IssueActivityFixture.download(h, url: viaTest[0]["Url"].string ?? "", token: f.dev).bytes == Self.bytes)

            // A change keeps the files it names and lets the others go back to their uploader.
            let second = try await IssueActivityFixture.upload(f, name: "log.txt", bytes: [1, 2, 3], token: f.dev)
            let both = #""CaseId":\#(caseID),"SectionId":1,"Title":"renamed","TemplateType":"TEXT","AttachmentIds":[\#(file.id),\#(second.id)]"#
            let modified = try await f.ok("ModifyTestCase", both, token: f.dev)["Data"]["Case"]["Attachments"].array
            #expect(modified.compactMap { $0["Name"].string } == ["screen shot.png", "log.txt"])
            let dropped = #""CaseId":\#(caseID),"SectionId":1,"Title":"renamed","TemplateType":"TEXT","AttachmentIds":[\#(second.id)]"#
            try await f.ok("ModifyTestCase", dropped, token: f.dev)
            #expect(try await IssueActivityFixture.download(h, url: url, token: f.reader).error == "ResourceNotFound", "no longer held")
            let kept = #""CaseId":\#(caseID),"SectionId":1,"Title":"renamed again","TemplateType":"TEXT""#
            let unchanged = try await f.ok("ModifyTestCase", kept)["Data"]["Case"]["Attachments"].array
            #expect(unchanged.compactMap { $0["Id"].int } == [second.id], "without AttachmentIds the files stay")

            // The released file goes to a report; reports show it with a URL.
            let report = try await f.ok("CreateReport", #""Name":"with a file","RunIds":[\#(run)],"AttachmentIds":[\#(file.id)]"#, token: f.dev)
            let reportID = try #require(report["Data"]["Report"]["Id"].int)
            let held = try await f.ok("DescribeReport", #""ReportId":\#(reportID)"#, token: f.reader)["Data"]["Report"]["Attachments"].array
            #expect(held.compactMap { $0["Id"].int } == [file.id])
            #expect(try await IssueActivityFixture.download(h, url: held[0]["Url"].string ?? "", token: f.reader).bytes == Self.bytes)

            // Deleting the case and the report leaves the files, unattached, to their uploader.
            try await f.ok("DeleteTestCase", #""CaseId":\#(caseID)"#)
            try await f.ok("DeleteReport", #""ReportId":\#(reportID)"#)
            let files = try await h.store.issueAttachments.attachments(projectKey: "alpha", ids: [file.id, second.id])
            #expect(files.count == 2 && files.allSatisfy { !$0.isAttached })
            try await f.ok("ModifyIssue", #""IssueCode":5,"FileIds":[\#(file.id)]"#, token: f.dev)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func badAttachmentIdsAreRefusedAndChangeNothing(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let f = try await TestManagementFixture.make(h)
            let pending = try await f.ok("CreateAttachmentPrepareSignUrl", #""FileName":"never.txt""#, token: f.dev)["Data"]["AttachmentPrepare"]
            let never = pending["AttachmentId"].int ?? 0
            let base = #""SectionId":1,"Title":"t","TemplateType":"TEXT""#
            let tooMany = (1...101).map(String.init).joined(separator: ",")
            for (ids, code) in [
                ("\(never)", "InvalidParameterValue"), ("999", "InvalidParameterValue"), (#""x""#, "InvalidParameter"),
                (tooMany, "InvalidParameterValue"),
            ] {
                #expect(try await f.error("CreateTestCase", base + #","AttachmentIds":[\#(ids)]"#, token: f.dev) == code, "\(ids)")
                #expect(try await f.error("CreateReport", #""Name":"r","RunIds":[1],"AttachmentIds":[\#(ids)]"#, token: f.dev) == code, "\(ids)")
            }
            #expect(try await h.store.testManagement.cases(TestCaseFilter(projectKey: "alpha")).count == 3)
            #expect(try await h.store.testManagement.reports(TestReportFilter(projectKey: "alpha")).count == 1)
            // A file of another project is not one of this project's.
            _ = try await h.makeProject("beta")
            let elsewhere = try await h.action("CreateAttachmentPrepareSignUrl", #"{"ProjectName":"beta","FileName":"b.txt"}"#)
            let id = elsewhere.response["Data"]["AttachmentPrepare"]["AttachmentId"].int ?? 0
            #expect(try await f.error("CreateTestCase", base + #","AttachmentIds":[\#(id)]"#) == "InvalidParameterValue")
        }
    }
}
