/// A folder of test cases in a project; `parentID` 0 is the root.
package struct TestSection: Sendable, Equatable {
    package var id: Int64 = 0
    package var projectKey: String
    package var parentID: Int64
    package var name: String
    package var sort: Int64 = 0

    package init(projectKey: String, parentID: Int64, name: String) {
        self.projectKey = projectKey
        self.parentID = parentID
        self.name = name
    }
}

/// One step of a `STEPS` test case: what to do and what should happen.
package struct TestStep: Sendable, Equatable, Codable {
    package var content: String
    package var expected: String

    package init(content: String, expected: String) {
        self.content = content
        self.expected = expected
    }
}

/// A test case in a section: a `STEPS` case lists steps with expected results, a `TEXT` case
/// describes them in `steps`/`expected`. Priority 0 urgent, 1 high, 2 medium, 3 low.
package struct TestCase: Sendable, Equatable {
    package enum Template: String, Sendable, CaseIterable {
        case steps = "STEPS"
        case text = "TEXT"
    }

    package var id: Int64 = 0
    package var projectKey: String
    package var sectionID: Int64
    package var title: String
    package var template: Template
    package var priority: Int64 = 2
    package var preconditions: String = ""
    package var steps: String = ""
    package var expected: String = ""
    package var customSteps: [TestStep] = []
    package var sort: Int64 = 0
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0
    package var updatedAt: Int64 = 0

    package init(projectKey: String, sectionID: Int64, title: String, template: Template) {
        self.projectKey = projectKey
        self.sectionID = sectionID
        self.title = title
        self.template = template
    }

    package static let priorities: ClosedRange<Int64> = 0...3
    package static let maxSteps = 200
    package static let maxTextLength = 65_536
}

/// What a case list is narrowed to; nil fields do not filter.
package struct TestCaseFilter: Sendable {
    package var projectKey: String
    package var keyword: String = ""
    package var sectionID: Int64?
    package var template: TestCase.Template?
    package var priority: Int64?

    package init(projectKey: String) {
        self.projectKey = projectKey
    }
}
