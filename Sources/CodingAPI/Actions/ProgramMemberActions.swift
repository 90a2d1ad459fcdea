import Foundation
import SlipwayCore
import SlipwayServices

/// CODING program members and projects (§2.5, "项目集"): the vendor's CreateProgramMemberPolicy and
/// DeleteProgramMemberPolicy (a user's policies in a program) and DescribeProgramProjects.
struct ProgramMemberActions: Sendable {
    func service(_ call: ActionCall) -> ProgramService { ProgramService(call.services.context) }

    /// DescribeProgramProjects: `ProgramId`; the program's projects in the `Program` shape.
    @Sendable func describeProgramProjects(_ call: ActionCall) async throws -> any ActionOutput {
        let projects = try await service(call).projects(programID: try call.parameters.int("ProgramId"), by: call.user)
        return ProgramListOutput(Data: projects.map { ProgramDTO(project: $0.project, id: $0.id) })
    }

    /// CreateProgramMemberPolicy: `ProgramId`, `PrincipalType` (USER), `PrincipalId`, `Policies[]`;
    /// answers the policies the user holds afterwards.
    @Sendable func createProgramMemberPolicy(_ call: ActionCall) async throws -> any ActionOutput {
        let held = try await service(call).grant(try Self.change(call.parameters), by: call.user)
        return ProgramPolicyListOutput(Data: held.map(ProgramPolicyDTO.init))
    }

    /// DeleteProgramMemberPolicy: as CreateProgramMemberPolicy; answers the policies left.
    @Sendable func deleteProgramMemberPolicy(_ call: ActionCall) async throws -> any ActionOutput {
        let left = try await service(call).revoke(try Self.change(call.parameters), by: call.user)
        return ProgramPolicyListOutput(Data: left.map(ProgramPolicyDTO.init))
    }

    static func change(_ p: ActionParameters) throws(CodingError) -> ProgramService.PolicyChange {
        let items = try p.array("Policies")
        guard !items.isEmpty else { throw .missingParameter("Policies") }
        guard items.count <= 10 else { throw .invalidValue("Policies", "must list at most 10 policies") }
        let policies = try items.map { item throws(CodingError) -> String in
            switch item {
            case .string(let s): return s
            case .number(let n) where n.rounded() == n && abs(n) < 9.0e15: return String(Int64(n))
            default: throw .invalidParameter("Policies", "must be an array of policy names or ids")
            }
        }
        return ProgramService.PolicyChange(
            programID: try p.int("ProgramId"), principalType: try p.string("PrincipalType"), principalID: try p.string("PrincipalId"),
            policies: policies)
    }
}
