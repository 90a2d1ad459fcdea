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
    @Option(help: "Labels this agent serves, comma-separated; default those given with its token.") var labels: String = ""
    @Option(help: "Commands run at once.") var capacity: Int = 1
    @Option(help: "Where commands without an image run: sandbox (bubblewrap, the default) or host. Commands with an image run in podman when it is installed.")
    var executor: String = "sandbox"
    @Option(help: "The agent's copies of job directories live here.") var workDir: String = "./slipway-agent"

    func run() async throws {
        guard let token = token ?? ProcessInfo.processInfo.environment["SLIPWAY_AGENT_TOKEN"], !token.isEmpty else {
            throw ValidationError("pass --token or set SLIPWAY_AGENT_TOKEN")
        }
        if executor == "sandbox", let problem = SandboxTools.problem(bubblewrap: "bwrap") {
            throw ValidationError("cannot run sandboxed: \(problem)")
        }
        guard capacity >= 1 else { throw ValidationError("--capacity must be at least 1") }
        let labels = labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10), read: nil)))
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
}
