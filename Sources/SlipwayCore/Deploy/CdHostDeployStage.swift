import Foundation

/// A `deployHostserver` stage of a CD pipeline: put a release on every host of a host server
/// group over SSH. On each host, in order: the `preScripts`, the `artifacts` uploaded into the
/// release directory, the `postScripts`; hosts go in rolling batches, and a batch with a failed
/// host stops the rollout.
///
/// Read from the stage's own fields, as the pipeline document and the job spec carry them:
/// `account` (the group's `cred-<agent>-<id>`), `releaseName`, `preScripts`/`postScripts`
/// (`[{source: "text", content, timeoutSeconds}]`), `artifacts` (`[{type: "embedded/base64",
/// name, reference}]`: Spinnaker's inline artifact), and the rollout: `rolling` with
/// `rollingType` `targetPercentages` (`targetPercentages`: cumulative shares of the hosts,
/// ending at 100) or `batchSize` (`batchSize`: hosts per batch). Without `rolling`, all hosts at once.
/// `agentMachineId`, when given, names the agent machine the rollout runs from instead of the
/// group's own.
package struct CdHostDeployStage: Sendable, Equatable {
    package struct Script: Sendable, Equatable {
        package var content: String
        package var timeoutSeconds: Int
    }

    package struct Artifact: Sendable, Equatable {
        package var name: String
        package var content: Data
    }

    package enum Rollout: Sendable, Equatable {
        case allAtOnce
        case percentages([Int])
        case batchSize(Int)
    }

    package var account: String
    package var releaseName: String
    package var preScripts: [Script]
    package var postScripts: [Script]
    package var artifacts: [Artifact]
    package var rollout: Rollout
    /// The agent machine the stage deploys from; nil: the host server group's.
    package var agentMachineID: Int64?

    package static let maxScripts = 20
    package static let maxScriptBytes = 64 * 1024
    package static let maxArtifacts = 10
    package static let maxArtifactBytes = 8 * 1024 * 1024

    package init(_ stage: SpecReader) throws(JobPlanError) {
        try stage.requireObjectOrAbsent()
        account = try stage["account"].string()
        guard account.hasPrefix("cred-"), account.count <= 64 else { throw stage["account"].failure("must name a host server group account (cred-…)") }
        releaseName = try stage["releaseName"].string()
        guard Self.isReleaseName(releaseName) else {
            throw stage["releaseName"].failure("must be 1 to 32 lowercase letters, digits or '-', starting with a letter")
        }
        preScripts = try Self.scripts(stage["preScripts"])
        postScripts = try Self.scripts(stage["postScripts"])
        artifacts = try Self.artifacts(stage["artifacts"])
        rollout = try Self.rollout(stage)
        agentMachineID = try CdScriptStage.agentMachine(stage, required: false)
    }

    static func isReleaseName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= 0x61, first <= 0x7A, name.utf8.count <= 32 else { return false }
        return name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    static func scripts(_ list: SpecReader) throws(JobPlanError) -> [Script] {
        let items = try list.items()
        guard items.count <= maxScripts else { throw list.failure("holds at most \(maxScripts) scripts") }
        var scripts: [Script] = []
        for item in items {
            try item.requireObjectOrAbsent()
            let source = try item["source"].string(default: "text")
            guard source == "text" else { throw item["source"].failure("only text scripts run (got \(source.prefix(40)))") }
            let content = try item["content"].string()
            guard content.utf8.count <= maxScriptBytes else { throw item["content"].failure("is longer than \(maxScriptBytes) bytes") }
            let timeout = try item["timeoutSeconds"].optionalInt() ?? 600
            guard (1...3_600).contains(timeout) else { throw item["timeoutSeconds"].failure("must be 1 to 3600 seconds") }
            scripts.append(Script(content: content, timeoutSeconds: timeout))
        }
        return scripts
    }

    static func artifacts(_ list: SpecReader) throws(JobPlanError) -> [Artifact] {
        let items = try list.items()
        guard items.count <= maxArtifacts else { throw list.failure("holds at most \(maxArtifacts) artifacts") }
        var artifacts: [Artifact] = []
        var total = 0
        for item in items {
            try item.requireObjectOrAbsent()
            let type = try item["type"].string()
            guard type == "embedded/base64" else { throw item["type"].failure("only embedded/base64 artifacts are deployed (got \(type.prefix(40)))") }
            let name = try item["name"].string()
            guard Self.isFileName(name) else { throw item["name"].failure("must be a file name: letters, digits, '.', '_', '-', not starting with '.'") }
            guard !artifacts.contains(where: { $0.name == name }) else { throw item["name"].failure("\(name) is given twice") }
            let reference = try item["reference"].string()
            guard reference.utf8.count <= maxArtifactBytes * 4 / 3 + 4, let content = Data(base64Encoded: reference) else {
                throw item["reference"].failure("must be base64 of at most \(maxArtifactBytes) bytes")
            }
            total += content.count
            guard total <= maxArtifactBytes else { throw list.failure("the artifacts hold more than \(maxArtifactBytes) bytes") }
            artifacts.append(Artifact(name: name, content: content))
        }
        return artifacts
    }

    static func isFileName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != 0x2E, first != 0x2D, name.utf8.count <= 128 else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }

    static func rollout(_ stage: SpecReader) throws(JobPlanError) -> Rollout {
        guard try stage["rolling"].bool() else { return .allAtOnce }
        switch try stage["rollingType"].string(default: "targetPercentages") {
        case "targetPercentages":
            let shares = try stage["targetPercentages"].items().map { item throws(JobPlanError) in
                guard let share = try item.optionalInt(), (1...100).contains(share) else { throw item.failure("must be a share from 1 to 100") }
                return share
            }
            guard !shares.isEmpty, shares.count <= 100, shares.last == 100, zip(shares, shares.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw stage["targetPercentages"].failure("must rise to 100, e.g. [50, 100]")
            }
            return .percentages(shares)
        case "batchSize":
            guard let size = try stage["batchSize"].optionalInt(), (1...500).contains(size) else {
                throw stage["batchSize"].failure("must be 1 to 500 hosts")
            }
            return .batchSize(size)
        case let other:
            throw stage["rollingType"].failure("must be targetPercentages or batchSize (got \(other.prefix(40)))")
        }
    }

    /// `hosts` cut into the rollout's batches, in order.
    package func batches<Host>(of hosts: [Host]) -> [[Host]] {
        guard !hosts.isEmpty else { return [] }
        switch rollout {
        case .allAtOnce: return [hosts]
        case .batchSize(let size):
            return stride(from: 0, to: hosts.count, by: size).map { Array(hosts[$0..<min($0 + size, hosts.count)]) }
        case .percentages(let shares):
            var batches: [[Host]] = []
            var done = 0
            for share in shares {
                let upTo = min(hosts.count, max(done + 1, (hosts.count * share + 99) / 100))
                if upTo > done { batches.append(Array(hosts[done..<upTo])) }
                done = upTo
            }
            return batches
        }
    }
}
