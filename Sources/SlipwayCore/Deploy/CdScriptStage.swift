import Foundation

/// A `script` stage of a CD pipeline (Spinnaker's stage type for running a script): run
/// `command` with bash on agent machine `agentMachineId` (0: the server's own sandboxed
/// executor), stopped after `timeoutSeconds`. The script travels to the machine as a file, never
/// inside another command; the trigger's parameters reach it as environment variables.
package struct CdScriptStage: Sendable, Equatable {
    package var command: String
    package var agentMachineID: Int64
    package var timeoutSeconds: Int

    package static let maxCommandBytes = 64 * 1024

    package init(_ stage: SpecReader) throws(JobPlanError) {
        try stage.requireObjectOrAbsent()
        command = try stage["command"].string()
        guard !command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw stage["command"].failure("is required") }
        guard command.utf8.count <= Self.maxCommandBytes else { throw stage["command"].failure("is longer than \(Self.maxCommandBytes) bytes") }
        agentMachineID = try Self.agentMachine(stage, required: true) ?? 0
        let timeout = try stage["timeoutSeconds"].optionalInt() ?? 600
        guard (1...86_400).contains(timeout) else { throw stage["timeoutSeconds"].failure("must be 1 to 86400 seconds") }
        timeoutSeconds = timeout
    }

    /// The stage's `agentMachineId` (an agent machine of DescribeCdAgentMachines), nil when absent and not `required`.
    package static func agentMachine(_ stage: SpecReader, required: Bool) throws(JobPlanError) -> Int64? {
        let field = stage["agentMachineId"]
        guard let id = try field.optionalInt() else {
            if required { throw field.failure("must name an agent machine (DescribeCdAgentMachines)") }
            return nil
        }
        guard id >= 0 else { throw field.failure("must name an agent machine (DescribeCdAgentMachines)") }
        return Int64(id)
    }
}
