import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SlipwayCore
import SlipwayGit
import SlipwayServer
import Testing

/// Client timeouts and the connection limit (issue 9, point 9), on the application exactly as
/// `slipway serve` builds it, over real sockets.
@Suite(.serialized) struct ServerTimeoutTests {
    /// The application exactly as `slipway serve` runs it (not through the test framework, which
    /// rebuilds the configuration without the connection limit), on a free port.
    func withServer(_ timeouts: ServerTimeouts, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withFreshStore(.sqlite) { store in
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-timeouts-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: data) }
            var configuration = ServerConfiguration(port: 0, dataDirectory: data.path)
            configuration.timeouts = timeouts
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            let app = try buildApplication(configuration: configuration, store: store, logger: Logger(label: "timeouts")) { port in
                portSink.yield(port)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.runService(gracefulShutdownSignals: []) }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                try await body(port)
                group.cancelAll()
            }
        }
    }

    @Test func slowClientsAreDisconnected() async throws {
        let timeouts = ServerTimeouts(readHeader: .milliseconds(500), body: .milliseconds(500), idle: .seconds(1), maxConnections: 64)
        try await withServer(timeouts) { port in
            let clock = ContinuousClock()
            // Headers that never end.
            let header = try RawSocket(port: port)
            header.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            var start = clock.now
            #expect(header.readUntilClosed(timeout: .seconds(5)).closed)
            #expect(clock.now - start >= .milliseconds(400))

            // A body that stops arriving.
            let body = try RawSocket(port: port)
            body.send("POST /openapi/projects/project HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":")
            start = clock.now
            #expect(body.readUntilClosed(timeout: .seconds(5)).closed)
            #expect(clock.now - start < .seconds(4))

            // A kept-alive connection after its response, left idle.
            let idle = try RawSocket(port: port)
            idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(idle.read(until: "\"ok\"", timeout: .seconds(5)).contains("200 OK"))
            start = clock.now
            #expect(idle.readUntilClosed(timeout: .seconds(6)).closed)
            #expect(clock.now - start >= .milliseconds(800))

            // 20 slow connections at once are all gone within the header timeout, and the server still answers.
            let slow = try (0..<20).map { _ in try RawSocket(port: port) }
            for socket in slow { socket.send("GET / HTTP/1.1\r\n") }
            #expect(slow.allSatisfy { $0.readUntilClosed(timeout: .seconds(5)).closed })
            let fresh = try RawSocket(port: port)
            fresh.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(fresh.read(until: "\"ok\"", timeout: .seconds(5)).contains("200 OK"))
        }
    }

    @Test func connectionLimitHoldsNewConnectionsUntilOneCloses() async throws {
        let timeouts = ServerTimeouts(readHeader: .seconds(30), body: .seconds(30), idle: .seconds(30), maxConnections: 2)
        try await withServer(timeouts) { port in
            var holders = try [RawSocket(port: port), RawSocket(port: port)]
            try await Task.sleep(for: .milliseconds(200))
            let waiting = try RawSocket(port: port)
            waiting.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(!waiting.read(until: "\"ok\"", timeout: .seconds(1)).contains("200 OK"), "served beyond the limit")
            holders.removeAll()
            #expect(waiting.read(until: "\"ok\"", timeout: .seconds(5)).contains("200 OK"))
        }
    }

    @Test func timeoutsComeFromTheEnvironment() {
        let reader = ServerConfiguration.reader(flags: [:])
        let configuration = ServerConfiguration(reader: reader)
        let environment = ProcessInfo.processInfo.environment
        if environment["SLIPWAY_READ_HEADER_TIMEOUT"] == nil { #expect(configuration.timeouts.readHeader == .seconds(10)) }
        if environment["SLIPWAY_MAX_CONNECTIONS"] == nil { #expect(configuration.timeouts.maxConnections == 1024) }
        let flagged = ServerConfiguration(
            reader: ServerConfiguration.reader(flags: [
                "read.header.timeout": "3", "body.timeout": "4", "idle.timeout": "5", "max.connections": "7",
            ]))
        #expect(flagged.timeouts == ServerTimeouts(readHeader: .seconds(3), body: .seconds(4), idle: .seconds(5), maxConnections: 7))
    }

    /// Links in answers use the configured external URL (issue 10, point 7), and the git limits
    /// are read from the configuration.
    @Test func externalURLAndGitLimitsReachTheApplication() async throws {
        let flagged = ServerConfiguration(
            reader: ServerConfiguration.reader(flags: [
                "external.url": "https://ci.example.com", "git.max.processes": "3", "git.max.processes.per.repository": "2",
                "team.name": "acme", "log.level": "debug",
            ]))
        #expect(flagged.teamName == "acme")
        #expect(flagged.logLevel == "debug")
        #expect(flagged.externalURL == "https://ci.example.com")
        #expect(flagged.gitConcurrency == GitConcurrencyLimits(overall: 3, perRepository: 2))
        try await withFreshStore(.sqlite) { store in
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-links-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: data) }
            var configuration = flagged
            configuration.dataDirectory = data.path
            guard let token = try await AdminBootstrap.ensureAdmin(store: store, givenToken: nil) else { return }
            let app = try buildApplication(configuration: configuration, store: store, logger: Logger(label: "links"))
            try await app.test(.router) { client in
                var headers: HTTPFields = [.authorization: "token \(token)"]
                headers[.contentType] = "application/json"
                func action(_ name: String, _ body: String) async throws -> JSONValue {
                    try await client.execute(uri: "/open-api?Action=\(name)", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                        (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: $0.body))) ?? .null
                    }["Response"]
                }
                _ = try await client.execute(
                    uri: "/openapi/projects/project", method: .post, headers: [.authorization: "Bearer \(token)"],
                    body: ByteBuffer(string: #"{"project_name":"links","project_key":"links","is_public":false,"project_type":"yaml"}"#))
                let project = try await action("DescribeProjectByName", #"{"ProjectName":"links"}"#)
                let projectID = try #require(project["Project"]["Id"].int, "\(project)")
                let depot = try await action("CreateGitDepot", #"{"ProjectId":\#(projectID),"DepotName":"repo"}"#)
                let depotID = try #require(depot["DepotId"].int, "\(depot)")
                let detail = try await action("DescribeGitDepot", #"{"DepotId":\#(depotID)}"#)
                let url = detail["Depot"]["HttpsUrl"].string ?? ""
                #expect(url.hasPrefix("https://ci.example.com/acme/links/repo"), "\(detail)")
            }
        }
    }
}
