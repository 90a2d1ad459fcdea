import SlipwayCore
import SlipwayStore

/// Parents and children, blocking links, requirement–defect links and status history.
extension IssueService {
    /// A page of a project's issues matching `query`, with what the page names.
    package func list(_ query: IssueQuery, by user: User) async throws -> IssueListing {
        try await access.require(user, projectKey: query.projectKey, write: false)
        let page = try await store.issues.list(query)
        return try await listing(page)
    }

    func listing(_ page: IssuePage) async throws -> IssueListing {
        var iterations: [Int64: Iteration] = [:]
        for id in Set(page.issues.compactMap(\.iterationID)) { iterations[id] = try await store.iterations.get(id: id) }
        let parents = try await store.issues.issues(ids: page.issues.compactMap(\.parentID))
        let uids = page.issues.flatMap { [$0.assigneeUID, $0.creatorUID] } + parents.values.map(\.assigneeUID)
        return IssueListing(
            page: page, iterations: iterations, parents: parents, people: try await access.people(uids),
            labels: try await store.issueLabels.labels(issueIDs: page.issues.map(\.id)))
    }

    func listing(_ issues: [Issue]) async throws -> IssueListing {
        try await listing(IssuePage(issues: issues, total: issues.count))
    }

    /// The children of an issue.
    package func children(projectKey: String, code: Int64, by user: User) async throws -> IssueListing {
        let issue = try await find(projectKey: projectKey, code: code, by: user, write: false)
        return try await listing(try await store.issues.children(of: issue.id))
    }

    /// Give an issue a new parent (one its type may be split from).
    package func setParent(projectKey: String, code: Int64, parentCode: Int64, by user: User) async throws {
        var issue = try await find(projectKey: projectKey, code: code, by: user, write: true)
        let old = issue, now = EpochMillis.now()
        issue.parentID = try await parentID(parentCode, for: issue)
        issue.updatedAt = now
        try await store.issues.update(issue, by: user.uid, also: try await companion(IssueInput(), old: old, new: issue, by: user.uid, at: now))
    }

    /// Record that issue `blockerCode` blocks issue `code`.
    package func addBlock(projectKey: String, code: Int64, blockerCode: Int64, by user: User) async throws {
        let (issue, blocker) = try await pair(projectKey, code, blockerCode, by: user)
        guard issue.id != blocker.id else { throw SlipwayError.invalidInput("an issue cannot block itself") }
        if try await store.issues.blockers(of: blocker.id).contains(where: { $0.id == issue.id }) {
            throw SlipwayError.failedPrecondition("issue \(code) already blocks issue \(blockerCode)")
        }
        try await store.issues.addBlock(issueID: issue.id, blockerID: blocker.id, projectKey: projectKey)
    }

    package func removeBlock(projectKey: String, code: Int64, blockerCode: Int64, by user: User) async throws {
        let (issue, blocker) = try await pair(projectKey, code, blockerCode, by: user)
        guard try await store.issues.removeBlock(issueID: issue.id, blockerID: blocker.id) else {
            throw SlipwayError.notFound("issue \(blockerCode) does not block issue \(code)")
        }
    }

    /// The issues blocking issue `code` (`blocking` false) or blocked by it (true).
    package func blocks(projectKey: String, code: Int64, blocking: Bool, by user: User) async throws -> IssueListing {
        let issue = try await find(projectKey: projectKey, code: code, by: user, write: false)
        let issues = try await blocking ? store.issues.blocked(by: issue.id) : store.issues.blockers(of: issue.id)
        return try await listing(issues)
    }

    /// Link defect `defectCode` to requirement `requirementCode` (replacing its requirement).
    package func linkDefect(projectKey: String, requirementCode: Int64, defectCode: Int64, by user: User) async throws {
        let (requirement, defect) = try await pair(projectKey, requirementCode, defectCode, by: user)
        guard requirement.kind == .requirement else { throw SlipwayError.invalidInput("issue \(requirementCode) is not a REQUIREMENT") }
        guard defect.kind == .defect else { throw SlipwayError.invalidInput("issue \(defectCode) is not a DEFECT") }
        try await store.issues.linkDefect(defect.id, to: requirement.id, projectKey: projectKey)
    }

    /// The defects linked to a requirement.
    package func defects(projectKey: String, requirementCode: Int64, by user: User) async throws -> IssueListing {
        let requirement = try await find(projectKey: projectKey, code: requirementCode, by: user, write: false)
        guard requirement.kind == .requirement else { throw SlipwayError.invalidInput("issue \(requirementCode) is not a REQUIREMENT") }
        return try await listing(try await store.issues.defects(of: requirement.id))
    }

    /// The status history of the given issues of a project (at most 100).
    package func statusChanges(projectKey: String, codes: [Int64], by user: User) async throws -> [IssueStatusChange] {
        try await access.require(user, projectKey: projectKey, write: false)
        guard codes.count <= 100 else { throw SlipwayError.invalidInput("at most 100 issue codes at once") }
        var ids: [Int64] = []
        for code in Set(codes) {
            guard let issue = try await store.issues.get(projectKey: projectKey, code: code) else {
                throw SlipwayError.notFound("issue \(code) not found in project \(projectKey)")
            }
            ids.append(issue.id)
        }
        return try await store.issues.statusChanges(issueIDs: ids)
    }

    /// Two issues of a project for a change linking them.
    func pair(_ projectKey: String, _ a: Int64, _ b: Int64, by user: User) async throws -> (Issue, Issue) {
        let first = try await find(projectKey: projectKey, code: a, by: user, write: true)
        guard let second = try await store.issues.get(projectKey: projectKey, code: b) else {
            throw SlipwayError.notFound("issue \(b) not found in project \(projectKey)")
        }
        return (first, second)
    }
}
