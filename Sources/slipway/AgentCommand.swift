import ArgumentParser
import AsyncHTTPClient
import Foundation
import SlipwayEngine

/// `slipway agent`: run jobs for a server on this machine.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Run jobs that ask for this agent's labels (vm_labels) for a Slipway server.")

    @Option(help: "The server's URL, e.g. http://ci.example.com:7575.") var server: String
    @Option(help: "The agent token from `slipway agent-token create` (env SLIPWAY_AGENT_TOKEN).") var token: String?
    @Option(
        help: """
            The server's agent install secret (CODING DescribeAgentSecret; env SLIPWAY_AGENT_ENROLL_SECRET): without --token, \
            the agent enrolls itself once and keeps its own token in <work-dir>/agent-token.
            """)
    var enrollSecret: String?
    @Option(help: "The name an enrolling agent registers under; default this machine's host name.") var name: String?
    @Option(help: "Labels this agent serves, comma-separated; default those given with its token.") var labels: String = ""
    @Option(help: "Commands run at once.") var capacity: Int = 1
    @Option(help: "Where commands without an image run: sandbox (bubblewrap, the default) or host. Commands with an image run in podman when it is installed.")
    var executor: String = "sandbox"
    @Option(help: "The agent's copies of job directories live here.") var workDir: String = "./slipway-agent"

    func run() async throws {
        if executor == "sandbox", let problem = SandboxTools.problem(bubblewrap: "bwrap") {
            throw ValidationError("cannot run sandboxed: \(problem)")
        }
        guard capacity >= 1 else { throw ValidationError("--capacity must be at least 1") }
        let labels = labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10), read: nil)))
        let token: String
        do {
            token = try await self.token(labels: labels, http: http)
        } catch {
            try? await http.shutdown()
            throw error
        }
        let options = AgentWorker.Options(
            server: server, token: token, labels: labels, capacity: capacity, executor: executor, version: SlipwayVersion.current,
            workDirectory: URL(fileURLWithPath: workDir, isDirectory: true).standardizedFileURL)
        do {
            let worker = try AgentWorker(options: options, http: http, say: say)
            try await worker.run()
        } catch {
            try? await http.shutdown()
            FileHandle.standardError.write(Data("slipway agent: \(error)\n".utf8))
            throw ExitCode.failure
        }
        try await http.shutdown()
    }

    /// The token given, else the one kept from an earlier enrollment, else a new enrollment's
    /// (kept, owner-only, for the next start).
    func token(labels: [String], http: HTTPClient) async throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let token = token ?? environment["SLIPWAY_AGENT_TOKEN"], !token.isEmpty { return token }
        let kept = URL(fileURLWithPath: workDir, isDirectory: true).appendingPathComponent("agent-token")
        if let saved = try? String(contentsOf: kept, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !saved.isEmpty {
            return saved
        }
        guard let secret = enrollSecret ?? environment["SLIPWAY_AGENT_ENROLL_SECRET"], !secret.isEmpty else {
            throw ValidationError("pass --token (or SLIPWAY_AGENT_TOKEN), or --enroll-secret (or SLIPWAY_AGENT_ENROLL_SECRET)")
        }
        let agentName = name ?? ProcessInfo.processInfo.hostName
        let token: String
        do {
            token = try await AgentClient.enroll(
                baseURL: server, AgentEnrollment(secret: secret, name: agentName, labels: labels, capacity: capacity), client: http)
        } catch {
            throw ValidationError("enrolling as \(agentName) failed: \(error)")
        }
        try FileManager.default.createDirectory(at: kept.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: kept.path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("enrolled as \(agentName), but could not keep the token in \(kept.path)")
        }
        say("enrolled as \(agentName); the token is kept in \(kept.path)")
        return token
    }
}
