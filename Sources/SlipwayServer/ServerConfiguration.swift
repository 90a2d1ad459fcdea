import Configuration
import Foundation
import SlipwayEngine
import SlipwayGit
import SlipwayWeb

/// Settings of a server, resolved flag > environment (`SLIPWAY_*`) > default.
package struct ServerConfiguration: Sendable {
    package var host: String
    package var port: Int
    package var dataDirectory: String
    /// nil: the embedded SQLite file in the data directory; `postgres://…` selects PostgreSQL.
    package var databaseURL: String?
    /// The bootstrap admin's API token, for unattended installs.
    package var adminToken: String?
    /// Global limit of tasks running at once.
    package var maxRunningTasks: Int
    /// Client timeouts and the connection limit.
    package var timeouts = ServerTimeouts()
    /// The URL clients reach this server at (`https://ci.example.com`), for every link the server
    /// returns. nil: links are built from each request's `Host`.
    package var externalURL: String?
    /// The single team this server hosts: the first segment of every clone URL.
    package var teamName = "slipway"
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    package var logLevel = "info"
    /// Git processes the server runs at once, overall and per repository.
    package var gitConcurrency = GitConcurrencyLimits.default
    /// The key secrets at rest are sealed with (base64, 32 bytes; `SLIPWAY_SECRET_KEY`).
    /// nil: `<data-dir>/secret.key`, created on first start.
    package var secretKey: String?
    /// Where job processes run: `sandbox` (bubblewrap, the default) or `host` (a trusted single-user install).
    package var executor: String
    /// Agent leases and long polls (`SLIPWAY_AGENT_LEASE_TIMEOUT`, `SLIPWAY_AGENT_POLL_TIMEOUT`, seconds).
    package var agents = AgentDispatcher.Settings()
    /// Web sessions: `SLIPWAY_WEB_SECURE_COOKIES` (always mark cookies Secure), `SLIPWAY_WEB_SESSION_HOURS`.
    package var web = WebConfiguration()

    package init(
        host: String = "127.0.0.1", port: Int = 7575, dataDirectory: String = "./slipway-data",
        databaseURL: String? = nil, adminToken: String? = nil, maxRunningTasks: Int = 16, executor: String = "sandbox"
    ) {
        self.maxRunningTasks = maxRunningTasks
        self.executor = executor
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.adminToken = adminToken
    }

    /// Read from a config reader whose keys are `slipway.port`, `slipway.data-dir`… (env: `SLIPWAY_PORT`, `SLIPWAY_DATA_DIR`…).
    package init(reader: ConfigReader) {
        let scoped = reader.scoped(to: "slipway")
        self.init(
            host: scoped.string(forKey: "host", default: "127.0.0.1"),
            port: scoped.int(forKey: "port", default: 7575),
            dataDirectory: scoped.string(forKey: "data.dir", default: "./slipway-data"),
            databaseURL: scoped.string(forKey: "database.url"),
            adminToken: scoped.string(forKey: "admin.token", isSecret: true),
            maxRunningTasks: scoped.int(forKey: "max.running.tasks", default: 16),
            executor: scoped.string(forKey: "executor", default: "sandbox"))
        let defaults = ServerTimeouts()
        func seconds(_ key: ConfigKey, _ fallback: Duration) -> Duration {
            let value = scoped.double(forKey: key) ?? scoped.int(forKey: key).map(Double.init)
            return value.map { .milliseconds(Int64(max(0.001, $0) * 1000)) } ?? fallback
        }
        timeouts = ServerTimeouts(
            readHeader: seconds("read.header.timeout", defaults.readHeader), body: seconds("body.timeout", defaults.body),
            idle: seconds("idle.timeout", defaults.idle),
            maxConnections: max(1, scoped.int(forKey: "max.connections", default: defaults.maxConnections)))
        let agentDefaults = AgentDispatcher.Settings()
        agents = AgentDispatcher.Settings(
            leaseDuration: seconds("agent.lease.timeout", agentDefaults.leaseDuration),
            pollHold: seconds("agent.poll.timeout", agentDefaults.pollHold))
        web.secureCookies = scoped.bool(forKey: "web.secure.cookies", default: false)
        web.sessionLifetime = .seconds(max(1, scoped.int(forKey: "web.session.hours", default: 12)) * 3600)
        self.secretKey = scoped.string(forKey: "secret.key", isSecret: true)
        self.externalURL = scoped.string(forKey: "external.url").flatMap { $0.isEmpty ? nil : $0 }
        self.teamName = scoped.string(forKey: "team.name", default: "slipway")
        self.logLevel = scoped.string(forKey: "log.level", default: "info")
        let git = GitConcurrencyLimits.default
        self.gitConcurrency = GitConcurrencyLimits(
            overall: scoped.int(forKey: "git.max.processes", default: git.overall),
            perRepository: scoped.int(forKey: "git.max.processes.per.repository", default: git.perRepository))
    }

    /// The engine's settings under this data directory.
    package var engine: EngineConfiguration {
        var engine = EngineConfiguration(dataDirectory: URL(fileURLWithPath: dataDirectory, isDirectory: true), maxRunningTasks: maxRunningTasks)
        engine.executor = ExecutorKind(rawValue: executor) ?? .sandbox
        return engine
    }

    /// Why the server must not start with these settings (an unknown executor, or the sandbox
    /// selected without bubblewrap), with what to do; nil when it may.
    package func executorProblem(bubblewrap: String = "bwrap") -> String? {
        guard let kind = ExecutorKind(rawValue: executor) else {
            return "unknown executor \(executor): use --executor sandbox (the default) or --executor host"
        }
        guard kind == .sandbox else { return nil }
        return SandboxTools.problem(bubblewrap: bubblewrap)
    }

    /// The standard reader: the given flag values first, then the process environment.
    package static func reader(flags: [String: String?]) -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for case let (key, value?) in flags {
            let content: ConfigContent = Int(value).map { .int($0) } ?? .string(value)
            values[AbsoluteConfigKey(["slipway"] + key.split(separator: ".").map(String.init))] = .init(content, isSecret: false)
        }
        return ConfigReader(providers: [InMemoryProvider(name: "flags", values: values), EnvironmentVariablesProvider()])
    }
}
