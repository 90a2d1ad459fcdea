import SlipwayCore
import Testing

/// The operation log of a fixture's CODING calls: every change (any action but `Describe…`), made
/// or refused, is one entry naming the action, its caller, its project and its status (200, or
/// 400 when the envelope carries an error); a read is none.
extension ProjectActionCalls {
    /// Makes a call by `account` and expects the operation log to gain exactly the entry the call
    /// should leave: one with `status` for a change (in this project when the fields name it), none for a read.
    @discardableResult
    func expectAudited<T>(_ action: String, _ fields: String, by account: String, status: Int, _ call: () async throws -> T) async throws -> T {
        let before = try await auditEntries(action, fields, by: account, status: status)
        let result = try await call()
        let added = try await auditEntries(action, fields, by: account, status: status) - before
        #expect(added == (action.hasPrefix("Describe") ? 0 : 1), "\(action) by \(account) (\(status)): \(added) operation-log entries")
        return result
    }

    /// A valid call that must succeed, and its audit entry.
    @discardableResult
    func okAudited(_ action: String, _ fields: String, token: String?, by account: String) async throws -> JSONValue {
        try await expectAudited(action, fields, by: account, status: 200) { try await ok(action, fields, token: token) }
    }

    /// A refused call's error code, and its audit entry.
    func errorAudited(_ action: String, _ fields: String, token: String? = nil, by account: String = "admin") async throws -> String {
        try await expectAudited(action, fields, by: account, status: 400) { try await error(action, fields, token: token) }
    }

    /// How many entries of `action` by `account` with `status` the log holds (in this project when
    /// `fields` are added to its `ProjectName`).
    func auditEntries(_ action: String, _ fields: String, by account: String, status: Int) async throws -> Int {
        let project = fields.hasPrefix("{") || fields.hasPrefix("[") ? nil : Self.projectName
        let query = OperationLogQuery(projectKey: project, username: account, function: action, status: status, page: 1, perPage: 1)
        return try await h.store.operationLogs.list(query).total
    }
}
