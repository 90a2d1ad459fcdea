import Foundation
import SlipwayCore
import SlipwayStore

/// CODING programs (issue 16): project sets whose work items are split into issues of their
/// projects. Team administrators (who create projects) create programs; a program's creator and
/// administrators manage it; its members and members of any of its projects may read it. Anyone else learns
/// only that it does not exist.
package struct ProgramService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var planning: PlanningAccess { PlanningAccess(store: store) }

    package struct Input: Sendable {
        package var name: String
        package var displayName: String
        package var description: String
        package var startDate: Int64
        package var endDate: Int64

        package init(name: String, displayName: String, description: String, startDate: Int64, endDate: Int64) {
            self.name = name
            self.displayName = displayName
            self.description = description
            self.startDate = startDate
            self.endDate = endDate
        }
    }

    package func create(_ input: Input, by user: User) async throws -> Program {
        guard user.isAdmin else { throw SlipwayError.forbidden("only team administrators create programs") }
        do { try Project.validateKey(input.name) } catch { throw SlipwayError.invalidInput("Name: \(error.detail)") }
        let display = input.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !display.isEmpty, display.count <= 255 else { throw SlipwayError.invalidInput("DisplayName must be 1…255 characters") }
        guard input.description.utf8.count <= 65_536 else { throw SlipwayError.invalidInput("Description is too long") }
        guard input.startDate <= input.endDate || input.endDate == 0 else { throw SlipwayError.invalidInput("StartDate must not be after EndDate") }
        let now = EpochMillis.now()
        var program = Program(name: input.name, displayName: display)
        program.description = input.description
        program.startDate = input.startDate
        program.endDate = input.endDate
        program.creatorUID = user.uid
        program.createdAt = now
        program.updatedAt = now
        return try await store.programs.create(program)
    }

    /// Put projects into a program: its managers, for projects they administer.
    package func addProjects(programID: Int64, projectIDs: [Int64], by user: User) async throws -> Program {
        let program = try await find(id: programID, by: user, manage: true)
        guard !projectIDs.isEmpty, projectIDs.count <= 100 else { throw SlipwayError.invalidInput("ProjectId must list 1…100 projects") }
        var keys: [String] = []
        for id in Set(projectIDs) {
            guard let key = try await store.numericIDs.projectKey(id: id), let project = try await store.projects.get(key: key),
                let access = try await store.access.access(user: user, projectKey: project.key), access.allows(.view)
            else { throw SlipwayError.notFound("project \(id) not found") }
            guard access.allows(.administer) else { throw SlipwayError.forbidden("adding project \(key) to a program needs its administrators") }
            keys.append(key)
        }
        try await store.programs.add(projectKeys: keys, to: program.id)
        return program
    }

    /// Add a work item to a program: its managers.
    package func createWorkItem(programName: String, name: String, description: String, priority: String, by user: User) async throws
        -> ProgramWorkItem
    {
        let program = try await find(name: programName, by: user, manage: true)
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 255 else { throw SlipwayError.invalidInput("Name must be 1…255 characters") }
        guard description.utf8.count <= 65_536 else { throw SlipwayError.invalidInput("Description is too long") }
        guard Issue.priorities.contains(priority) else { throw SlipwayError.invalidInput("Priority must be 0, 1, 2 or 3") }
        let now = EpochMillis.now()
        var item = ProgramWorkItem(programID: program.id, name: trimmed)
        item.description = description
        item.priority = priority
        item.creatorUID = user.uid
        item.createdAt = now
        item.updatedAt = now
        return try await store.programs.create(item)
    }

    /// Split a work item into an issue of one of the program's projects (`split` false: undo it):
    /// readers of the program with developer access to the project.
    package func split(programName: String, workItemCode: Int64, projectKey: String, issueCode: Int64, _ split: Bool, by user: User)
        async throws
    {
        let program = try await find(name: programName, by: user, manage: false)
        guard let item = try await store.programs.workItem(programID: program.id, code: workItemCode) else {
            throw SlipwayError.notFound("work item \(workItemCode) not found in program \(programName)")
        }
        try await planning.require(user, projectKey: projectKey, write: true)
        guard try await store.programs.projectKeys(programID: program.id).contains(projectKey) else {
            throw SlipwayError.invalidInput("project \(projectKey) is not in program \(programName)")
        }
        guard let issue = try await store.issues.get(projectKey: projectKey, code: issueCode) else {
            throw SlipwayError.notFound("issue \(issueCode) not found in project \(projectKey)")
        }
        try await store.programs.split(workItemID: item.id, issueID: issue.id, projectKey: projectKey, split)
    }

    /// A work item with its program and the users it names.
    package struct WorkItemSummary: Sendable {
        package var item: ProgramWorkItem
        package var program: Program
    }

    /// The work items a project issue was split from.
    package func workItems(projectKey: String, issueCode: Int64, by user: User) async throws -> (items: [WorkItemSummary], people: PlanningPeople) {
        try await planning.require(user, projectKey: projectKey, write: false)
        guard let issue = try await store.issues.get(projectKey: projectKey, code: issueCode) else {
            throw SlipwayError.notFound("issue \(issueCode) not found in project \(projectKey)")
        }
        var out: [WorkItemSummary] = []
        for item in try await store.programs.workItems(issueID: issue.id) {
            guard let program = try await store.programs.get(id: item.programID) else { continue }
            out.append(WorkItemSummary(item: item, program: program))
        }
        return (out, try await planning.people(out.flatMap { [$0.item.assigneeUID, $0.item.creatorUID, $0.program.creatorUID] }))
    }

    /// A page of the programs `user` may read whose name contains `keyword`, and how many there are.
    package func list(keyword: String, offset: Int, limit: Int, by user: User) async throws -> (programs: [Program], total: Int) {
        var readable: [Program] = []
        for program in try await store.programs.search(keyword: keyword) where try await canRead(program, user) {
            readable.append(program)
        }
        return (Array(readable.dropFirst(offset).prefix(limit)), readable.count)
    }

    func canRead(_ program: Program, _ user: User) async throws -> Bool {
        do {
            try await check(program, user, manage: false)
            return true
        } catch SlipwayError.notFound {
            return false
        }
    }

    func find(name: String, by user: User, manage: Bool) async throws -> Program {
        guard let program = try await store.programs.get(name: name) else { throw SlipwayError.notFound("program \(name) not found") }
        try await check(program, user, manage: manage)
        return program
    }

    func find(id: Int64, by user: User, manage: Bool) async throws -> Program {
        guard let program = try await store.programs.get(id: id) else { throw SlipwayError.notFound("program \(id) not found") }
        try await check(program, user, manage: manage)
        return program
    }

    /// Managers: its creator and administrators. Readers: managers, its members (whatever their
    /// policy) and members of its projects.
    func check(_ program: Program, _ user: User, manage: Bool) async throws {
        if user.isAdmin || program.creatorUID == user.uid { return }
        var member = try await store.programs.isMember(programID: program.id, uid: user.uid)
        for key in try await store.programs.projectKeys(programID: program.id) where !member {
            if let access = try await store.access.access(user: user, projectKey: key), access.allows(.view) {
                member = true
                break
            }
        }
        guard member else { throw SlipwayError.notFound("program \(program.name) not found") }
        if manage { throw SlipwayError.forbidden("managing program \(program.name) needs its creator or an administrator") }
    }
}
