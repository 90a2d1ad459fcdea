import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `slipway run <workflow>`: start a task on a running server and, with `--follow`, stream its
/// states and its jobs' logs until it ends.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a workflow on a Slipway server; --follow streams its states and logs until it ends.",
        discussion: """
            Without --follow, prints the new task's id and exits 0.
            With --follow, exits with the task's result: 0 passed, 1 failed, 2 timeout, 3 cancelled, \
            4 reject (an approval refused it); 5 when the server refused the run or could not be followed.
            A broken event or log stream (a dropped connection, a server restarting) is resumed with \
            Last-Event-ID, up to 5 times in a row; every state is printed once.
            """)

    @Argument(help: "The workflow's key.")
    var workflow: String

    @Option(name: .long, help: "The workflow's project key.")
    var project: String

    @Option(name: .long, help: "The server's URL (env SLIPWAY_URL, default http://127.0.0.1:7575).")
    var url: String?

    @Option(name: .long, help: "An API token (env SLIPWAY_TOKEN).")
    var token: String?

    @Option(name: .customLong("param"), help: "A workflow parameter, NAME=VALUE (repeatable).")
    var params: [String] = []

    @Flag(name: .long, help: "Stream the task's states and logs until it ends; exit with its result.")
    var follow = false

    /// Exit codes of `slipway run --follow`, by final task status.
    static func exitCode(for status: String) -> Int32 {
        ["passed": 0, "failed": 1, "timeout": 2, "cancelled": 3, "reject": 4][status] ?? 1
    }

    /// The server refused the run, or the task could not be followed.
    static let unreachable: Int32 = 5

    func validate() throws {
        if params.contains(where: { !$0.contains("=") }) { throw ValidationError("--param takes NAME=VALUE") }
        if resolvedToken.isEmpty { throw ValidationError("an API token is required: --token or SLIPWAY_TOKEN") }
    }

    private var resolvedToken: String { token ?? ProcessInfo.processInfo.environment["SLIPWAY_TOKEN"] ?? "" }

    private var baseURL: String {
        let given = url ?? ProcessInfo.processInfo.environment["SLIPWAY_URL"] ?? "http://127.0.0.1:7575"
        return given.hasSuffix("/") ? String(given.dropLast()) : given
    }

    func run() async throws {
        let client = ServerAPI.makeClient()
        let api = ServerAPI(baseURL: baseURL, token: resolvedToken, client: client)
        let request = RunTaskBody(
            project_key: project, workflow_key: workflow,
            parameters: params.map { param in
                let (name, value) = (param.prefix { $0 != "=" }, param.drop { $0 != "=" }.dropFirst())
                return RunTaskBody.Parameter(name: String(name), value: String(value))
            })
        let code: Int32
        do {
            if follow {
                let status = try await TaskFollower(api: api, workflow: workflow, project: project).run(request)
                code = Self.exitCode(for: status)
            } else {
                say(String(try await api.post("/openapi/workflows/custom/task", body: request, as: RunTaskAnswer.self).task_id))
                code = 0
            }
        } catch {
            try? await client.shutdown()
            FileHandle.standardError.write(Data("slipway run: \(error)\n".utf8))
            throw ExitCode(Self.unreachable)
        }
        try? await client.shutdown()
        if code != 0 { throw ExitCode(code) }
    }
}

/// `POST /openapi/workflows/custom/task` body, as `slipway run` sends it.
struct RunTaskBody: Encodable {
    struct Parameter: Encodable {
        let name: String
        let value: String
    }

    let project_key: String
    let workflow_key: String
    let parameters: [Parameter]
}

/// The answer to a run: the new task's id.
struct RunTaskAnswer: Decodable {
    let task_id: Int
}
