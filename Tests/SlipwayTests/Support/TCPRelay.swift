import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP relay on loopback: every connection it accepts is piped both ways to a server on
/// `upstream`, byte for byte. A test points a client at it and cuts chosen connections in the
/// middle, as a dropped network would; it also keeps what each client sent, to read its requests.
final class TCPRelay: Sendable {
    /// One relayed connection: its two sockets and what the client sent so far.
    final class Connection: Sendable {
        let client: Int32
        let server: Int32
        private let sentText = Mutex("")
        private let receivedText = Mutex("")
        private let muted = Mutex(false)
        private let pumps = Mutex(2)

        init(client: Int32, server: Int32) {
            self.client = client
            self.server = server
        }

        var sent: String { sentText.withLock { $0 } }
        var received: String { receivedText.withLock { $0 } }
        var isMuted: Bool { muted.withLock { $0 } }

        func mute() { muted.withLock { $0 = true } }

        func recordReply(_ bytes: ArraySlice<UInt8>) {
            receivedText.withLock { $0 += String(decoding: bytes, as: UTF8.self) }
        }

        func record(_ bytes: ArraySlice<UInt8>) {
            sentText.withLock { $0 += String(decoding: bytes, as: UTF8.self) }
        }

        /// Shut both sockets down: blocked reads return, both pumps end.
        func cut() {
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(server, Int32(SHUT_RDWR))
        }

        /// One pump ended: the connection goes down; the last one closes the sockets.
        func pumpEnded() {
            cut()
            if pumps.withLock({
                $0 -= 1; return $0
            }) == 0 {
                close(client)
                close(server)
            }
        }
    }

    /// Whether a connection goes silent from here, given what its client sent and what it was
    /// answered so far: the server's later bytes are read and dropped, as a stalled network would.
    typealias MuteRule = @Sendable (_ sent: String, _ received: String) -> Bool

    let port: Int
    let upstream: Int
    private let muteRule: MuteRule?
    private let listener: Int32
    private let live = Mutex<[Connection]>([])
    private let all = Mutex<[Connection]>([])

    /// Listen on an ephemeral loopback port and relay to `127.0.0.1:upstream`; `mute` silences
    /// the connections it picks.
    init(upstream: Int, mute: MuteRule? = nil) throws {
        self.upstream = upstream
        self.muteRule = mute
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// What every client sent, connection by connection, in the order they were accepted.
    var requests: [String] { all.withLock { $0.map(\.sent) } }

    /// What the upstream answered, connection by connection, in the same order.
    var replies: [String] { all.withLock { $0.map(\.received) } }

    /// Cut the open connections whose client sent something matching `matches`; how many.
    @discardableResult
    func cut(where matches: (String) -> Bool) -> Int {
        let chosen = live.withLock { $0.filter { matches($0.sent) } }
        for connection in chosen { connection.cut() }
        return chosen.count
    }

    /// Stop accepting and cut every open connection.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        _ = cut { _ in true }
    }

    deinit {
        stop()
        close(listener)
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstream)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                // The server is down: the client sees its connection closed, as it would have been refused.
                close(server)
                close(client)
                continue
            }
            let connection = Connection(client: client, server: server)
            live.withLock { $0.append(connection) }
            all.withLock { $0.append(connection) }
            Thread { [self] in pump(connection, from: client, to: server, upstream: true) }.start()
            Thread { [self] in pump(connection, from: server, to: client, upstream: false) }.start()
        }
    }

    private func pump(_ connection: Connection, from source: Int32, to target: Int32, upstream: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        copying: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            if upstream {
                connection.record(buffer[0..<count])
            } else {
                if connection.isMuted { continue }
                connection.recordReply(buffer[0..<count])
            }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { send(target, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break copying }
                offset += written
            }
            if !upstream, let muteRule, muteRule(connection.sent, connection.received) { connection.mute() }
        }
        live.withLock { $0.removeAll { $0 === connection } }
        connection.pumpEnded()
    }
}
