import Foundation
import SlipwayCore
import SlipwayStore

/// A project's labels with the users who made them.
package struct IssueLabelList: Sendable {
    package var labels: [IssueLabel]
    package var people: PlanningPeople
}

/// Issue labels and modules (issue 16): defined per project by members who may change its issues,
/// read by every member; an issue carries labels of its own project and at most one of its modules.
extension IssueService {
    /// The key of the project with numeric id `id`.
    package func projectKey(id: Int64) async throws -> String {
        guard let key = try await store.numericIDs.projectKey(id: id) else { throw SlipwayError.notFound("project \(id) not found") }
        return key
    }

    /// A project's labels, oldest first.
    package func labels(projectKey: String, by user: User) async throws -> IssueLabelList {
        try await access.require(user, projectKey: projectKey, write: false)
        let labels = try await store.issueLabels.labels(projectKey: projectKey)
        return IssueLabelList(labels: labels, people: try await access.people(labels.map(\.creatorUID)))
    }

    /// Define a label (`color` `#RRGGBB`).
    package func createLabel(projectKey: String, name: String, color: String, by user: User) async throws -> IssueLabelList {
        try await access.require(user, projectKey: projectKey, write: true)
        var label = IssueLabel(projectKey: projectKey, name: try Self.labelName(name), color: try Self.labelColor(color))
        guard try await store.issueLabels.labels(projectKey: projectKey).count < IssueLabel.maxPerProject else {
            throw SlipwayError.failedPrecondition("a project has at most \(IssueLabel.maxPerProject) labels")
        }
        label.creatorUID = user.uid
        label.createdAt = EpochMillis.now()
        let stored = try await store.issueLabels.create(label)
        return IssueLabelList(labels: [stored], people: try await access.people([user.uid]))
    }

    /// Rename and recolour label `id`.
    package func modifyLabel(projectKey: String, id: Int64, name: String, color: String, by user: User) async throws -> IssueLabelList {
        var label = try await label(projectKey: projectKey, id: id, by: user)
        label.name = try Self.labelName(name)
        label.color = try Self.labelColor(color)
        try await store.issueLabels.update(label)
        return IssueLabelList(labels: [label], people: try await access.people([label.creatorUID]))
    }

    /// Delete label `id`: the issues carrying it lose it. The label as it was.
    package func deleteLabel(projectKey: String, id: Int64, by user: User) async throws -> IssueLabelList {
        let label = try await label(projectKey: projectKey, id: id, by: user)
        try await store.issueLabels.deleteLabel(id: label.id)
        return IssueLabelList(labels: [label], people: try await access.people([label.creatorUID]))
    }

    /// The projects the caller can see having a label named `name`.
    package func projects(labelNamed name: String, by user: User) async throws -> [Project] {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= IssueLabel.maxNameLength else {
            throw SlipwayError.invalidInput("Label must be 1…\(IssueLabel.maxNameLength) characters")
        }
        var projects: [Project] = []
        for key in try await store.issueLabels.projectKeys(labelNamed: name) {
            guard let rights = try await store.access.access(user: user, projectKey: key), rights.allows(.view),
                let project = try await store.projects.get(key: key)
            else { continue }
            projects.append(project)
        }
        return projects
    }

    /// A project's modules, oldest first.
    package func modules(projectKey: String, by user: User) async throws -> [IssueModule] {
        try await access.require(user, projectKey: projectKey, write: false)
        return try await store.issueLabels.modules(projectKey: projectKey)
    }

    /// Define a module.
    package func createModule(projectKey: String, name: String, by user: User) async throws -> IssueModule {
        try await access.require(user, projectKey: projectKey, write: true)
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= IssueModule.maxNameLength else {
            throw SlipwayError.invalidInput("Name must be 1…\(IssueModule.maxNameLength) characters")
        }
        guard try await store.issueLabels.modules(projectKey: projectKey).count < IssueModule.maxPerProject else {
            throw SlipwayError.failedPrecondition("a project has at most \(IssueModule.maxPerProject) modules")
        }
        var module = IssueModule(projectKey: projectKey, name: trimmed)
        module.creatorUID = user.uid
        module.createdAt = EpochMillis.now()
        return try await store.issueLabels.create(module)
    }

    /// Delete module `id`: its issues are left in no module.
    package func deleteModule(projectKey: String, id: Int64, by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        guard let module = try await store.issueLabels.modules(ids: [id])[id], module.projectKey == projectKey else {
            throw SlipwayError.notFound("module \(id) not found in project \(projectKey)")
        }
        try await store.issueLabels.deleteModule(id: module.id)
    }

    /// Label `id` of a project, after checking the caller may change the project's issues.
    func label(projectKey: String, id: Int64, by user: User) async throws -> IssueLabel {
        try await access.require(user, projectKey: projectKey, write: true)
        guard let label = try await store.issueLabels.labels(projectKey: projectKey, ids: [id])[id] else {
            throw SlipwayError.notFound("label \(id) not found in project \(projectKey)")
        }
        return label
    }

    static func labelName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= IssueLabel.maxNameLength else {
            throw SlipwayError.invalidInput("Name must be 1…\(IssueLabel.maxNameLength) characters")
        }
        return trimmed
    }

    static func labelColor(_ color: String) throws -> String {
        let trimmed = color.trimmingCharacters(in: .whitespaces)
        guard IssueLabel.isColor(trimmed) else { throw SlipwayError.invalidInput("Color must be a #RRGGBB colour") }
        return trimmed.uppercased()
    }

    // MARK: On issues

    /// The id of module `id` of the issue's project (nil for 0).
    func moduleID(_ id: Int64, for issue: Issue) async throws -> Int64? {
        if id == 0 { return nil }
        guard let module = try await store.issueLabels.modules(ids: [id])[id], module.projectKey == issue.projectKey else {
            throw SlipwayError.invalidInput("ProjectModuleId: \(id) is not a module of project \(issue.projectKey)")
        }
        return module.id
    }

    /// The labels `input` puts on `issue` and takes off it (each a label of its project), and the
    /// log entries recording them; `creating` when the issue has no labels yet.
    func labelChanges(_ input: IssueInput, issue: Issue, creating: Bool, by uid: String, at now: Int64) async throws -> (
        add: [Int64], remove: [Int64], entries: [IssueLogEntry]
    ) {
        guard input.labelIDs != nil || !input.addedLabelIDs.isEmpty || !input.removedLabelIDs.isEmpty else { return ([], [], []) }
        let current = creating ? [] : try await store.issueLabels.labelIDs(issueID: issue.id)
        let named = (input.labelIDs ?? []) + input.addedLabelIDs + input.removedLabelIDs
        let labels = try await store.issueLabels.labels(projectKey: issue.projectKey, ids: named + current)
        for (field, ids) in [("UpdateLabelIds", input.labelIDs ?? []), ("LabelIds", input.addedLabelIDs), ("DelLabelIds", input.removedLabelIDs)] {
            if let missing = ids.first(where: { labels[$0] == nil }) {
                throw SlipwayError.invalidInput("\(field): \(missing) is not a label of project \(issue.projectKey)")
            }
        }
        var wanted: [Int64] = []
        for id in (input.labelIDs ?? current) + input.addedLabelIDs where !wanted.contains(id) { wanted.append(id) }
        wanted.removeAll { input.removedLabelIDs.contains($0) }
        guard wanted.count <= IssueLabel.maxPerIssue else {
            throw SlipwayError.invalidInput("an issue carries at most \(IssueLabel.maxPerIssue) labels")
        }
        let add = wanted.filter { !current.contains($0) }, remove = current.filter { !wanted.contains($0) }
        func entry(_ action: String, _ id: Int64) -> IssueLogEntry {
            let label = labels[id]
            let content: JSONValue = .object([
                "id": .number(Double(id)), "name": .string(label?.name ?? ""), "color": .string(label?.color ?? ""),
            ])
            return IssueLogEntry(
                issueID: issue.id, action: action, target: "LABEL", targetName: "标签", content: Self.text(content), creatorUID: uid, createdAt: now)
        }
        return (add, remove, add.map { entry("ADD", $0) } + remove.map { entry("REMOVE", $0) })
    }
}
