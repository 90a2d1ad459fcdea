import Foundation

/// A `script` stage of a CD pipeline (Spinnaker's stage type for running a script): run a script
/// with bash on agent machine `agentMachineId` (0: the server's own sandboxed executor), stopped
/// after `timeoutSeconds`. The script is the stage's inline `command`, or comes from a repository
/// (Spinnaker's `repoUrl`, `repoBranch`, `scriptPath`, with `command` then naming the script's file
/// in the `scriptPath` folder), optionally with a `propertyFile` of that repository whose
/// `KEY=VALUE` lines become the script's environment. The script travels to the machine as a file,
/// never inside another command; the trigger's parameters reach it as environment variables.
package struct CdScriptStage: Sendable, Equatable {
    /// Where a repository script comes from.
    package struct Repository: Sendable, Equatable {
        /// A depot hosted here: its clone URL or `<project>/<depot>`.
        package var url: String
        /// A branch, tag or commit; empty: the depot's default branch.
        package var ref: String
        /// The script's path in the repository.
        package var scriptFile: String
        /// The properties file's path in the repository, if any.
        package var propertyFile: String?
    }

    /// The inline script; empty when the script comes from `repository`.
    package var command: String
    package var repository: Repository?
    package var agentMachineID: Int64
    package var timeoutSeconds: Int

    package static let maxCommandBytes = 64 * 1024
    /// The largest script file read from a repository.
    package static let maxScriptFileBytes = 256 * 1024

    package init(_ stage: SpecReader) throws(JobPlanError) {
        try stage.requireObjectOrAbsent()
        if let url = try stage["repoUrl"].nonEmptyString() {
            repository = try Self.repository(stage, url: url)
            command = ""
        } else {
            for field in ["repoBranch", "scriptPath", "propertyFile"] {
                if try stage[field].nonEmptyString() != nil { throw stage[field].failure("is read from the stage's repository: give repoUrl too") }
            }
            command = try stage["command"].string()
            guard !command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw stage["command"].failure("is required") }
            guard command.utf8.count <= Self.maxCommandBytes else {
                throw stage["command"].failure("is longer than \(Self.maxCommandBytes) bytes")
            }
        }
        agentMachineID = try Self.agentMachine(stage, required: true) ?? 0
        let timeout = try stage["timeoutSeconds"].optionalInt() ?? 600
        guard (1...86_400).contains(timeout) else { throw stage["timeoutSeconds"].failure("must be 1 to 86400 seconds") }
        timeoutSeconds = timeout
    }

    static func repository(_ stage: SpecReader, url: String) throws(JobPlanError) -> Repository {
        guard Self.depot(of: url) != nil else {
            throw stage["repoUrl"].failure("must name a depot hosted here: its clone URL (…/<team>/<project>/<depot>.git) or <project>/<depot>")
        }
        let ref = try stage["repoBranch"].string()
        guard ref.isEmpty || Self.isPlainRef(ref) else { throw stage["repoBranch"].failure("must be a branch, tag or commit") }
        guard let folder = try stage["scriptPath"].nonEmptyString(), Self.isRelativePath(folder) else {
            throw stage["scriptPath"].failure("must be a relative path in the repository, without '.' or '..' parts")
        }
        var file = folder
        if let name = try stage["command"].nonEmptyString() {
            // Spinnaker's `command` names the script in the `scriptPath` folder; its arguments would
            // be code, so none are taken: values reach the script as parameters.
            guard Self.isRelativePath(name), !name.unicodeScalars.contains(where: \.properties.isWhitespace) else {
                throw stage["command"].failure("names the script's file in scriptPath (no arguments: pass values as parameters)")
            }
            file = folder + "/" + name
        }
        let propertyFile = try stage["propertyFile"].nonEmptyString()
        if let propertyFile, !Self.isRelativePath(propertyFile) {
            throw stage["propertyFile"].failure("must be a relative path in the repository, without '.' or '..' parts")
        }
        return Repository(url: url, ref: ref, scriptFile: file, propertyFile: propertyFile)
    }

    /// The team (nil for the short form), project and depot a `repoUrl` names.
    package static func depot(of url: String) -> (team: String?, project: String, depot: String)? {
        guard url.utf8.count <= 512 else { return nil }
        var path = Substring(url)
        var team: String?
        if let scheme = url.range(of: "://") {
            guard ["http", "https"].contains(url[..<scheme.lowerBound].lowercased()) else { return nil }
            let rest = url[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            path = rest[rest.index(after: slash)...]
            guard path.hasSuffix(".git") else { return nil }
            path = path.dropLast(4)
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { return nil }
            team = parts[0]
            path = Substring(parts[1] + "/" + parts[2])
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, ([team].compactMap { $0 } + parts).allSatisfy(Agent.isPlainWord), parts.allSatisfy({ !$0.hasPrefix(".") })
        else { return nil }
        return (team, parts[0], parts[1])
    }

    /// A relative path of plain parts: no empty, `.` or `..` part, no control characters.
    package static func isRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, path.utf8.count <= 1_024, !path.hasPrefix("/") else { return false }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// A ref git takes as a revision: no leading `-`, no whitespace or control characters.
    static func isPlainRef(_ ref: String) -> Bool {
        ref.utf8.count <= 255 && !ref.hasPrefix("-")
            && !ref.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
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
