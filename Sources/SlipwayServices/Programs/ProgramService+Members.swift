import Foundation
import SlipwayCore
import SlipwayStore

/// Program members (CODING's program member policies) and the projects of a program. Members
/// are users holding one or more `ProgramPolicy`s; any policy lets them read the program and its
/// list of projects. Its creator and team administrators manage them.
extension ProgramService {
    /// Who a member-policy change is about: `principalType` (only `USER`), `principalID` (a user's
    /// numeric id) and the policies by name or id (1…10 of them).
    package struct PolicyChange: Sendable {
        package var programID: Int64
        package var principalType: String
        package var principalID: String
        package var policies: [String]

        package init(programID: Int64, principalType: String, principalID: String, policies: [String]) {
            self.programID = programID
            self.principalType = principalType
            self.principalID = principalID
            self.policies = policies
        }
    }

    /// Give a user policies in a program; the policies they hold afterwards.
    package func grant(_ change: PolicyChange, by user: User) async throws -> [ProgramPolicy] {
        let (program, target, policies) = try await resolve(change, by: user)
        let held = try await store.programs.grant(policies, programID: program.id, uid: target.uid, at: EpochMillis.now())
        return held
    }

    /// Take policies from a user in a program; the policies they still hold (none: no longer a member).
    package func revoke(_ change: PolicyChange, by user: User) async throws -> [ProgramPolicy] {
        let (program, target, policies) = try await resolve(change, by: user)
        let left = try await store.programs.revoke(policies, programID: program.id, uid: target.uid)
        return left
    }

    /// A program's projects with their numeric ids, by key: for anyone who may read the program.
    package func projects(programID: Int64, by user: User) async throws -> [(project: Project, id: Int64)] {
        let program = try await find(id: programID, by: user, manage: false)
        let keys = try await store.programs.projectKeys(programID: program.id)
        let ids = try await store.numericIDs.projectIDs(keys: keys)
        var out: [(project: Project, id: Int64)] = []
        for key in keys {
            guard let project = try await store.projects.get(key: key) else { continue }
            out.append((project, ids[key] ?? 0))
        }
        return out
    }

    func resolve(_ change: PolicyChange, by user: User) async throws -> (Program, User, [ProgramPolicy]) {
        let program = try await find(id: change.programID, by: user, manage: true)
        guard change.principalType == "USER" else {
            throw SlipwayError.invalidInput("PrincipalType: only USER principals are supported, not \(change.principalType.prefix(32))")
        }
        guard !change.policies.isEmpty, change.policies.count <= 10 else { throw SlipwayError.invalidInput("Policies must list 1…10 policies") }
        var policies: [ProgramPolicy] = []
        for name in change.policies {
            guard let policy = ProgramPolicy(nameOrID: name) else {
                let known = ProgramPolicy.allCases.map(\.rawValue).joined(separator: ", ")
                throw SlipwayError.invalidInput("Policies: unknown policy \(name.prefix(64)) (known: \(known))")
            }
            if !policies.contains(policy) { policies.append(policy) }
        }
        guard change.principalID.utf8.count <= 20, let id = Int64(change.principalID), id > 0 else {
            throw SlipwayError.invalidInput("PrincipalId must be a user id")
        }
        guard let uid = try await store.numericIDs.userUID(id: id), let target = try await store.users.find(uid: uid) else {
            throw SlipwayError.notFound("user \(id) not found")
        }
        return (program, target, policies)
    }
}
