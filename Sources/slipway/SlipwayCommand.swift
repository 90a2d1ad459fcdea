import ArgumentParser
import Foundation
import Logging
import SlipwayCore
import SlipwayServer
import SlipwayStore

@main
struct SlipwayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slipway",
        abstract: "A self-hosted DevOps platform speaking the Zadig, CODING and Serverless Devs APIs.",
        version: SlipwayVersion.current,
        subcommands: [Serve.self, Admin.self, Run.self, AgentCommand.self, AgentTokenCommand.self],
        defaultSubcommand: Serve.self)
}

/// Options every command that opens the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (env SLIPWAY_DATA_DIR, default ./slipway-data).")
    var dataDir: String?

    @Option(name: .long, help: "postgres://… for PostgreSQL; default the embedded SQLite file (env SLIPWAY_DATABASE_URL).")
    var databaseURL: String?

    var flags: [String: String?] { ["data.dir": dataDir, "database.url": databaseURL] }

    /// Open the configured store, run `body`, and close the store whatever happens. Admin
    /// commands work on an existing store only: a mistyped `--data-dir` must not quietly create
    /// a new, empty one.
    func withStore<T>(_ body: (Store) async throws -> T) async throws -> T {
        let configuration = ServerConfiguration(reader: ServerConfiguration.reader(flags: flags))
        if configuration.databaseURL == nil {
            let file = "\(configuration.dataDirectory)/slipway.sqlite"
            guard FileManager.default.fileExists(atPath: file) else {
                throw ValidationError(
                    "no Slipway store at \(file): pass the --data-dir (or --database-url) that `slipway serve` uses")
            }
        }
        let store = try await StoreOpener.open(
            databaseURL: configuration.databaseURL, dataDirectory: configuration.dataDirectory,
            logger: Logger(label: "slipway-admin"), secretKey: configuration.secretKey)
        return try await store.closing(after: body)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the HTTP server.")

    @Option(name: .long, help: "Port (env SLIPWAY_PORT, default 7575).")
    var port: Int?

    @Option(name: .long, help: "Bind address (env SLIPWAY_HOST, default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "The bootstrap admin's API token (env SLIPWAY_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(name: .long, help: "Tasks running at once, over all workflows (env SLIPWAY_MAX_RUNNING_TASKS, default 16).")
    var maxRunningTasks: Int?

    @Option(name: .long, help: "The URL clients reach this server at, for links in answers (env SLIPWAY_EXTERNAL_URL).")
    var externalURL: String?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (env SLIPWAY_LOG_LEVEL, default info).")
    var logLevel: String?

    @Option(name: .long, help: "The team hosted here: the first segment of clone URLs (env SLIPWAY_TEAM_NAME, default slipway).")
    var teamName: String?

    @Option(
        name: .long,
        help: """
            Where job processes run (env SLIPWAY_EXECUTOR): sandbox (default; bubblewrap, needs the bwrap command) \
            or host (unconfined, as the server's user: only for a trusted single-user install).
            """)
    var executor: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        var flags = storeOptions.flags
        flags["port"] = port.map(String.init)
        flags["host"] = host
        flags["admin.token"] = adminToken
        flags["max.running.tasks"] = maxRunningTasks.map(String.init)
        flags["external.url"] = externalURL
        flags["executor"] = executor
        flags["log.level"] = logLevel
        flags["team.name"] = teamName
        let configuration = ServerConfiguration(reader: ServerConfiguration.reader(flags: flags))
        guard let level = Logger.Level(rawValue: configuration.logLevel) else {
            throw ValidationError("log level \(configuration.logLevel) is not one of trace, debug, info, notice, warning, error, critical")
        }
        var logger = Logger(label: "slipway")
        logger.logLevel = level
        if let problem = configuration.executorProblem() {
            FileHandle.standardError.write(Data("slipway: cannot start: \(problem)\n".utf8))
            throw ExitCode.failure
        }
        if configuration.executor == "host" {
            logger.warning("jobs run unsandboxed on the host (--executor host): every job can read the data directory")
        }
        if let token = configuration.adminToken, token.count < 16 {
            FileHandle.standardError.write(Data("slipway: cannot start: SLIPWAY_ADMIN_TOKEN must be at least 16 characters\n".utf8))
            throw ExitCode.failure
        }
        let store = try await StoreOpener.open(
            databaseURL: configuration.databaseURL, dataDirectory: configuration.dataDirectory, logger: logger,
            secretKey: configuration.secretKey)
        let issued: String?
        do {
            issued = try await AdminBootstrap.ensureAdmin(store: store, givenToken: configuration.adminToken)
        } catch {
            // The store is closed before the error ends the process (SQLite asserts on an open one).
            await store.close()
            throw error
        }
        if let token = issued {
            say(
                """
                Created the admin user. Its API token is shown only this once:

                    SLIPWAY_ADMIN_TOKEN=\(token)

                Try: curl -H 'Authorization: Bearer \(token)' http://\(configuration.host):\(configuration.port)/openapi/projects/project
                """)
        }
        let app = try buildApplication(configuration: configuration, store: store, logger: logger) { port in
            say("slipway listening on http://\(configuration.host):\(port)")
        }
        do {
            try await app.runService()
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage users, groups and tokens from the shell.",
        subcommands: [UserCommand.self, TokenCommand.self, GroupCommand.self, PluginCommand.self])
}

/// Write a line to standard output at once (print is block-buffered when stdout is a file or pipe,
/// and the admin token must reach a log file even if the server is killed later).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
