import Foundation
import SlipwayCore
import SlipwayStore

/// An issue's activity log: what a creation, a change, a comment or an attachment recorded.
extension IssueService {
    /// An issue's log entries, newest first, narrowed to an action type and a target when given.
    package func activity(projectKey: String, code: Int64, action: String?, target: String?, by user: User) async throws -> [IssueLogEntry] {
        if let action, !IssueLogEntry.actions.contains(action) {
            throw SlipwayError.invalidInput("ActionType must be one of \(IssueLogEntry.actions.sorted().joined(separator: ", "))")
        }
        if let target, !IssueLogEntry.targets.contains(target) {
            throw SlipwayError.invalidInput("Target must be one of \(IssueLogEntry.targets.sorted().joined(separator: ", "))")
        }
        let issue = try await find(projectKey: projectKey, code: code, by: user, write: false)
        return try await store.issueActivity.entries(issueID: issue.id, action: action, target: target, fieldID: nil)
    }

    /// The users behind `uids`, with their numeric ids.
    package func people(_ uids: [String]) async throws -> PlanningPeople {
        try await access.people(uids)
    }

    /// The entries recording a change from `old` to `new` by `uid` at `now` (a creation when `old` is nil).
    func changes(from old: Issue?, to new: Issue, by uid: String, at now: Int64) async throws -> [IssueLogEntry] {
        func entry(_ action: String, _ target: String, _ name: String, _ content: JSONValue) -> IssueLogEntry {
            IssueLogEntry(issueID: new.id, action: action, target: target, targetName: name, content: Self.text(content), creatorUID: uid, createdAt: now)
        }
        guard let old else {
            return [entry("CREATE", "SELF", "事项", .object(["name": .string(new.name), "type": .string(new.kind.rawValue)]))]
        }
        var found: [IssueLogEntry] = []
        func value(_ changed: Bool, _ target: String, _ name: String, _ content: @autoclosure () -> JSONValue) {
            if changed { found.append(entry("UPDATE", target, name, .object(["value": content()]))) }
        }
        value(old.name != new.name, "NAME", "标题", .string(new.name))
        value(old.description != new.description, "DESCRIPTION", "描述", .string(String(new.description.prefix(2000))))
        value(old.priority != new.priority, "PRIORITY", "优先级", .string(new.priority))
        value(old.startDate != new.startDate, "START_DATE", "开始日期", .number(Double(new.startDate)))
        value(old.dueDate != new.dueDate, "DUE_DATE", "截止日期", .number(Double(new.dueDate)))
        value(old.workingHours != new.workingHours, "WORKING_HOURS", "预估工时", .number(new.workingHours))
        value(old.storyPoint != new.storyPoint, "STORY_POINT", "故事点", .string(new.storyPoint))
        if old.statusID != new.statusID {
            let status = new.status
            found.append(
                entry(
                    "UPDATE", "STATUS", "状态",
                    .object(["id": .number(Double(status.id)), "name": .string(status.name), "type": .string(status.category.rawValue)])))
        }
        if old.iterationID != new.iterationID {
            let iteration = try await new.iterationID.mapAsync { try await store.iterations.get(id: $0) } ?? nil
            found.append(
                entry(
                    "UPDATE", "ITERATION", "迭代",
                    .object(["code": .number(Double(iteration?.code ?? 0)), "name": .string(iteration?.name ?? "无")])))
        }
        if old.moduleID != new.moduleID {
            let module = try await new.moduleID.mapAsync { try await store.issueLabels.modules(ids: [$0])[$0] } ?? nil
            found.append(
                entry("UPDATE", "MODULE", "模块", .object(["id": .number(Double(module?.id ?? 0)), "name": .string(module?.name ?? "无")])))
        }
        if old.parentID != new.parentID {
            let parent = try await new.parentID.mapAsync { try await store.issues.get(id: $0) } ?? nil
            found.append(entry("CHANGE_PARENT", "PARENT_ISSUE", "父事项", .object(["code": .number(Double(parent?.code ?? 0))])))
        }
        let people = try await access.people([new.assigneeUID] + old.watcherUIDs + new.watcherUIDs)
        if old.assigneeUID != new.assigneeUID {
            found.append(entry("UPDATE", "ASSIGNEE", "处理人", Self.person(new.assigneeUID, people)))
        }
        for uid in new.watcherUIDs where !old.watcherUIDs.contains(uid) {
            found.append(entry("ADD", "WATCHER", "关注人", Self.person(uid, people)))
        }
        for uid in old.watcherUIDs where !new.watcherUIDs.contains(uid) {
            found.append(entry("REMOVE", "WATCHER", "关注人", Self.person(uid, people)))
        }
        return found
    }

    /// A user as the log writes one: `{"id","global_key","name"}` (id 0 and name 无 for nobody).
    static func person(_ uid: String, _ people: PlanningPeople) -> JSONValue {
        guard let user = people.users[uid] else { return .object(["id": .number(0), "global_key": .string(""), "name": .string("无")]) }
        return .object(["id": .number(Double(people.id(uid))), "global_key": .string(user.account), "name": .string(user.name)])
    }

    static func text(_ value: JSONValue) -> String {
        guard let data = try? JSONEncoder().encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Optional {
    func mapAsync<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
