/// A test report over some test plans; its figures are worked out from them when it is read.
package struct TestReport: Sendable, Equatable {
    package var id: Int64 = 0
    package var projectKey: String
    package var name: String
    package var runIDs: [Int64] = []
    package var creatorUID: String = ""
    package var createdAt: Int64 = 0

    package init(projectKey: String, name: String) {
        self.projectKey = projectKey
        self.name = name
    }
}

/// What a report list is narrowed to (creation time window in epoch ms, 0: open; a keyword in the name).
package struct TestReportFilter: Sendable {
    package var projectKey: String
    package var keyword: String = ""
    package var from: Int64 = 0
    package var to: Int64 = 0

    package init(projectKey: String) {
        self.projectKey = projectKey
    }
}
