import Foundation
import SlipwayCore
import SlipwayStore

/// CODING issues (issue 16): requirements, defects, missions, epics and sub-tasks of a project,
/// numbered per project, whose status moves only along their type's workflow (`IssueWorkflow`),
/// every move kept in the issue's status history.
package struct IssueService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var access: PlanningAccess { PlanningAccess(store: store) }

    /// Create an issue of `kind` from `input` (name and priority required).
    package func create(projectKey: String, kind: IssueKind, _ input: IssueInput, by user: User) async throws -> IssueDetail {
        try await access.require(user, projectKey: projectKey, write: true)
        guard input.name != nil, input.priority != nil else { throw SlipwayError.invalidInput("an issue needs a name and a priority") }
        if kind == .subTask, (input.parentCode ?? 0) == 0 { throw SlipwayError.invalidInput("a SUB_TASK needs a ParentCode") }
        try await checkType(kind, projectKey: projectKey)
        let now = EpochMillis.now()
        var issue = Issue(projectKey: projectKey, kind: kind, name: "", statusID: IssueWorkflow.initial(of: kind).id, priority: "")
        issue.creatorUID = user.uid
        issue.createdAt = now
        issue.updatedAt = now
        try await apply(input, to: &issue, now: now)
        let stored = try await store.issues.create(issue, also: try await companion(input, old: nil, new: issue, by: user.uid, at: now))
        return try await detail(stored)
    }

    /// One issue, readable by the caller.
    package func issue(projectKey: String, code: Int64, by user: User) async throws -> IssueDetail {
        try await detail(try await find(projectKey: projectKey, code: code, by: user, write: false))
    }

    /// Change an issue's fields; a status change must follow the workflow.
    package func modify(projectKey: String, code: Int64, _ input: IssueInput, by user: User) async throws -> IssueDetail {
        var issue = try await find(projectKey: projectKey, code: code, by: user, write: true)
        let old = issue, now = EpochMillis.now()
        try await apply(input, to: &issue, now: now)
        issue.updatedAt = now
        try await store.issues.update(issue, by: user.uid, also: try await companion(input, old: old, new: issue, by: user.uid, at: now))
        return try await detail(issue)
    }

    /// Delete an issue and its sub-tasks.
    package func delete(projectKey: String, code: Int64, by user: User) async throws {
        let issue = try await find(projectKey: projectKey, code: code, by: user, write: true)
        try await store.issues.delete(id: issue.id)
    }

    /// The issue `code` of a project, after the access check.
    func find(projectKey: String, code: Int64, by user: User, write: Bool) async throws -> Issue {
        try await access.require(user, projectKey: projectKey, write: write)
        guard let issue = try await store.issues.get(projectKey: projectKey, code: code) else {
            throw SlipwayError.notFound("issue \(code) not found in project \(projectKey)")
        }
        return issue
    }

    /// What a change from `old` (nil: a creation) to `new` writes with the issue: its log entries,
    /// custom field values, attachments and labels, checked here.
    func companion(_ input: IssueInput, old: Issue?, new: Issue, by uid: String, at now: Int64) async throws -> IssueRepository.Companion {
        // The stored values are read only when the input sets some (a creation has none).
        let values = old == nil || input.customFieldValues.isEmpty ? [:] : try await store.issueFields.values(issueID: new.id)
        let fields = try await customFieldChanges(input, issue: new, old: values, by: uid, at: now)
        let files = try await fileChanges(input, issue: new, by: uid, at: now)
        let labels = try await labelChanges(input, issue: new, creating: old == nil, by: uid, at: now)
        let entries = try await changes(from: old, to: new, by: uid, at: now) + fields.entries + files.entries + labels.entries
        let projectKey = new.projectKey
        return { db, id in
            try await IssueActivityRepository.insert(entries, issueID: id, projectKey: projectKey, db)
            try await IssueFieldRepository.set(fields.values, issueID: id, projectKey: projectKey, at: now, db)
            try await IssueAttachmentRepository.attach(files.attach, to: id, db)
            try await IssueAttachmentRepository.detach(files.detach, from: id, db)
            try await IssueLabelRepository.relabel(id, projectKey: projectKey, add: labels.add, remove: labels.remove, db)
        }
    }

    /// Set what `input` gives on `issue`, checking each value.
    func apply(_ input: IssueInput, to issue: inout Issue, now: Int64) async throws {
        if let name = input.name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= IssueInput.maxNameLength else {
                throw SlipwayError.invalidInput("Name must be 1…\(IssueInput.maxNameLength) characters")
            }
            issue.name = trimmed
        }
        if let description = input.description {
            guard description.utf8.count <= IssueInput.maxDescriptionBytes else { throw SlipwayError.invalidInput("Description is too long") }
            issue.description = description
        }
        if let priority = input.priority {
            guard Issue.priorities.contains(priority) else { throw SlipwayError.invalidInput("Priority must be 0, 1, 2 or 3") }
            issue.priority = priority
        }
        if let status = input.statusID { try move(&issue, to: status, now: now) }
        if let assignee = input.assigneeID {
            issue.assigneeUID = ""
            if assignee != 0 { issue.assigneeUID = try await access.memberUID(assignee, projectKey: issue.projectKey, field: "AssigneeId") }
        }
        if let parent = input.parentCode { issue.parentID = try await parentID(parent, for: issue) }
        if let code = input.iterationCode { issue.iterationID = try await iterationID(code, for: issue) }
        if let module = input.moduleID { issue.moduleID = try await moduleID(module, for: issue) }
        try await applyPlanning(input, to: &issue)
    }

    /// Dates, hours, story points and watchers.
    func applyPlanning(_ input: IssueInput, to issue: inout Issue) async throws {
        if let start = input.startDate { issue.startDate = start }
        if let due = input.dueDate { issue.dueDate = due }
        if issue.startDate > 0, issue.dueDate > 0, issue.startDate > issue.dueDate {
            throw SlipwayError.invalidInput("StartDate must not be after DueDate")
        }
        if let hours = input.workingHours {
            guard hours >= 0, hours <= IssueInput.maxHours else { throw SlipwayError.invalidInput("WorkingHours must be 0…100000") }
            issue.workingHours = hours
        }
        if let points = input.storyPoint {
            guard points.count <= 16 else { throw SlipwayError.invalidInput("StoryPoint must be at most 16 characters") }
            issue.storyPoint = points
        }
        for id in input.addedWatcherIDs.prefix(100) {
            let uid = try await access.memberUID(id, projectKey: issue.projectKey, field: "WatcherIds")
            if !issue.watcherUIDs.contains(uid) { issue.watcherUIDs.append(uid) }
        }
        if !input.removedWatcherIDs.isEmpty {
            let removed = try await store.numericIDs.userIDs(uids: issue.watcherUIDs).filter { input.removedWatcherIDs.contains($0.value) }
            issue.watcherUIDs.removeAll { removed[$0] != nil }
        }
    }

    /// Move `issue` to `status` along its workflow; completing stamps `completedAt`.
    func move(_ issue: inout Issue, to status: Int64, now: Int64) throws {
        if issue.id == 0 {
            guard IssueWorkflow.statuses(of: issue.kind).contains(where: { $0.id == status }) else {
                throw SlipwayError.invalidInput("status \(status) is not a status of \(issue.kind.rawValue) issues")
            }
        } else {
            try IssueWorkflow.check(issue.kind, from: issue.statusID, to: status)
        }
        if status != issue.statusID || issue.id == 0 {
            let completed = IssueStatus.with(id: status)?.category == .completed
            issue.completedAt = completed ? now : 0
        }
        issue.statusID = status
    }

    /// The id of parent `code` for `issue` (nil for 0): a type `issue`'s type may be split from.
    func parentID(_ code: Int64, for issue: Issue) async throws -> Int64? {
        if code == 0 {
            guard issue.kind != .subTask else { throw SlipwayError.invalidInput("a SUB_TASK must keep a parent") }
            return nil
        }
        guard let parent = try await store.issues.get(projectKey: issue.projectKey, code: code) else {
            throw SlipwayError.invalidInput("parent issue \(code) not found in project \(issue.projectKey)")
        }
        guard parent.id != issue.id, issue.kind.parentKinds.contains(parent.kind) else {
            let allowed = issue.kind.parentKinds.map(\.rawValue).joined(separator: ", ")
            throw SlipwayError.invalidInput("a \(issue.kind.rawValue) issue's parent must be one of: \(allowed.isEmpty ? "none" : allowed)")
        }
        return parent.id
    }

    /// The id of iteration `code` (nil for 0); epics and sub-tasks are not planned into iterations.
    func iterationID(_ code: Int64, for issue: Issue) async throws -> Int64? {
        if code == 0 { return nil }
        guard issue.kind != .epic, issue.kind != .subTask else {
            throw SlipwayError.invalidInput("\(issue.kind.rawValue) issues are not planned into iterations")
        }
        guard let iteration = try await store.iterations.get(projectKey: issue.projectKey, code: code) else {
            throw SlipwayError.invalidInput("iteration \(code) not found in project \(issue.projectKey)")
        }
        return iteration.id
    }
}
