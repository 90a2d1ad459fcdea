import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP listener on 127.0.0.1 that completes handshakes (through its backlog) but never reads or
/// answers: a database server that hangs.
final class SilentListener: Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw TestError("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

struct TestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A `sql` job against a database that never answers fails after the connect timeout.
@Suite struct SQLJobTimeoutTests {
    @Test func sqlJobAgainstAHangingDatabaseFailsAfterTheConnectTimeout() async throws {
        let listener = try SilentListener()
        try await withApp(.sqlite, configure: { $0.sqlConnectTimeout = .seconds(1) }) { app in
            let registered = try await app.call(
                .post, "/api/aslan/system/dbinstance",
                body: """
                    {"name":"hanging","type":"postgresql","host":"127.0.0.1","port":\(listener.port),"username":"u","password":"p","database":"d"}
                    """)
            #expect(registered.status == .ok, "\(registered.text)")
            try await app.makeWorkflow(
                "hang",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            #"{"name":"q","type":"sql","spec":{"id":"hanging","type":"postgresql","sql":"select 1"}}"#
                        ])
                ])
            let started = Date()
            let done = try await app.waitFor("hang", try await app.run("hang"), seconds: 30)
            let elapsed = Date().timeIntervalSince(started)
            #expect(done["status"].string == "failed", "\(done)")
            #expect(done["stages"][0]["jobs"][0]["error"].string?.hasPrefix("sql: cannot connect to hanging: no answer within") == true, "\(done)")
            #expect(elapsed < 8, "failed after \(elapsed) s, not after the driver's own minute-long wait")
        }
        _ = listener
    }
}
