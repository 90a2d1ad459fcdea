import Foundation
import SlipwayCore
import SlipwayServices

// Test management answers (§2.18), field names as coding-openapi.yaml spells them. Times are
// "yyyy-MM-dd HH:mm:ss" (UTC). `Attachments` carry download URLs valid for ten minutes.

enum TestTime {
    static func text(_ millis: Int64) -> String {
        guard millis > 0 else { return "" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}

struct TestSectionDTO: Encodable, Sendable {
    let Id: Int64, Name: String, ParentId: Int64, Sort: Int64

    init(_ s: TestSection) {
        Id = s.id
        Name = s.name
        ParentId = s.parentID
        Sort = s.sort
    }
}

struct TestSectionOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Section: TestSectionDTO }
    let Data: Body
}

struct TestSectionListOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Sections: [TestSectionDTO] }
    let Data: Body
}

struct TestStepDTO: Encodable, Sendable {
    let Content: String, Expected: String
}

struct TestAttachmentDTO: Encodable, Sendable {
    let Id: Int64, Name: String, Url: String, CreatedAt: String

    /// Files with their download links' secrets, as URLs served by `IssueFileRoutes`.
    static func list(_ files: [(file: IssueAttachment, secret: String)], _ call: ActionCall) -> [TestAttachmentDTO] {
        files.map {
            TestAttachmentDTO(
                Id: $0.file.id, Name: $0.file.fileName, Url: call.baseURL + IssueFileRoutes.path(secret: $0.secret),
                CreatedAt: TestTime.text($0.file.createdAt))
        }
    }
}

/// A case; CreateTestCase's answer spells `CreatedBy` as a string, the others as an integer.
struct TestCaseDTO: Encodable, Sendable {
    let Id: Int64, SectionId: Int64, Priority: Int64, Title: String, TemplateType: String
    let Preconds: String, Steps: String, Expected: String, Sort: Int64
    let CreatedBy: Int64, CreatedAt: String, UpdatedAt: String
    let CustomSteps: [TestStepDTO]
    /// Filled when a case is shown in full (DescribeTestCase, ModifyTestCase, DescribeTest).
    var Attachments: [TestAttachmentDTO] = []
    var creatorAsText = false

    init(_ c: TestCase, _ people: PlanningPeople) {
        Id = c.id
        SectionId = c.sectionID
        Priority = c.priority
        Title = c.title
        TemplateType = c.template.rawValue
        Preconds = c.preconditions
        Steps = c.steps
        Expected = c.expected
        Sort = c.sort
        CreatedBy = people.id(c.creatorUID)
        CreatedAt = TestTime.text(c.createdAt)
        UpdatedAt = TestTime.text(c.updatedAt)
        CustomSteps = c.customSteps.map { TestStepDTO(Content: $0.content, Expected: $0.expected) }
    }

    private enum Keys: String, CodingKey {
        case Id, SectionId, Priority, Title, TemplateType, Preconds, Steps, Expected, Sort, CreatedBy, CreatedAt, UpdatedAt, CustomSteps
        case Attachments
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Id, forKey: .Id)
        try c.encode(SectionId, forKey: .SectionId)
        try c.encode(Priority, forKey: .Priority)
        try c.encode(Title, forKey: .Title)
        try c.encode(TemplateType, forKey: .TemplateType)
        try c.encode(Preconds, forKey: .Preconds)
        try c.encode(Steps, forKey: .Steps)
        try c.encode(Expected, forKey: .Expected)
        try c.encode(Sort, forKey: .Sort)
        if creatorAsText { try c.encode(String(CreatedBy), forKey: .CreatedBy) } else { try c.encode(CreatedBy, forKey: .CreatedBy) }
        try c.encode(CreatedAt, forKey: .CreatedAt)
        try c.encode(UpdatedAt, forKey: .UpdatedAt)
        try c.encode(CustomSteps, forKey: .CustomSteps)
        if !creatorAsText { try c.encode(Attachments, forKey: .Attachments) }
    }
}

struct TestCaseOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Case: TestCaseDTO }
    let Data: Body
}

struct TestCaseListOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Cases: [TestCaseDTO] }
    let Data: Body
}
