import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's Docker registry (`/usr/bin/docker-registry`, distribution 2.x) on a free loopback
/// port over plain HTTP, or over TLS with a self-signed certificate for 127.0.0.1 made by openssl
/// (`certificate`), with htpasswd (bcrypt) basic authentication for one user, storing its images
/// in a temporary directory. `tags(of:)` asks it, as a client would, which tags a repository
/// holds (over TLS with curl, checking the certificate). `stop()` ends it and removes its files.
package final class LoopbackRegistry: @unchecked Sendable {
    package static let executable = "/usr/bin/docker-registry"
    package static var available: Bool { FileManager.default.isExecutableFile(atPath: executable) && bcrypt("probe") != nil }
    package static let skipReason = "docker-registry (Debian package docker-registry) or libcrypt's bcrypt is missing (scripts/test installs it)"

    package let port: Int
    package let user: String
    package let password: String
    /// The PEM certificate it serves (self-signed, so also its CA), nil over plain HTTP.
    package let certificate: String?
    let directory: URL
    let process: Process

    /// `127.0.0.1:<port>`, as image references name the registry.
    package var host: String { "127.0.0.1:\(port)" }

    init(port: Int, user: String, password: String, certificate: String?, directory: URL, process: Process) {
        self.port = port
        self.user = user
        self.password = password
        self.certificate = certificate
        self.directory = directory
        self.process = process
    }

    package static func start(user: String, password: String, tls: Bool = false) async throws -> LoopbackRegistry {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard let hash = bcrypt(password) else { throw RegistryError("bcrypt is not available from libcrypt") }
        try "\(user):\(hash)\n".write(to: directory.appendingPathComponent("htpasswd"), atomically: true, encoding: .utf8)
        var certificate: String?
        var tlsSection = ""
        if tls {
            certificate = try selfSignedCertificate(in: directory)
            tlsSection = "\n  tls:\n    certificate: \(directory.path)/cert.pem\n    key: \(directory.path)/key.pem"
        }
        for _ in 0..<10 {
            let port = Int.random(in: 20_000...45_000)
            let config = """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: \(directory.path)/data
                http:
                  addr: 127.0.0.1:\(port)\(tlsSection)
                auth:
                  htpasswd:
                    realm: slipway-test
                    path: \(directory.path)/htpasswd
                """
            let configFile = directory.appendingPathComponent("config.yml")
            try config.write(to: configFile, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["serve", configFile.path]
            let log = directory.appendingPathComponent("registry.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            let registry = LoopbackRegistry(
                port: port, user: user, password: password, certificate: certificate, directory: directory, process: process)
            if await registry.answers() { return registry }
            registry.stop(removing: false)
        }
        try? FileManager.default.removeItem(at: directory)
        throw RegistryError("docker-registry did not start listening on loopback")
    }

    /// Whether `/v2/` answers (401 without credentials) within 5 s.
    func answers() async -> Bool {
        for _ in 0..<50 {
            if process.isRunning, let status = try? await get("/v2/", authenticated: false).status, status == 401 { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// GET `path` on the registry over a plain socket (HTTP/1.0, the connection closed after
    /// the answer); its status and body.
    package func get(_ path: String, authenticated: Bool = true) async throws -> (status: Int, body: String) {
        if certificate != nil { return try getOverTLS(path, authenticated: authenticated) }
        var request = "GET \(path) HTTP/1.0\r\nHost: \(host)\r\n"
        if authenticated { request += "Authorization: Basic \(Data("\(user):\(password)".utf8).base64EncodedString())\r\n" }
        request += "\r\n"
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RegistryError("socket failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RegistryError("connect to \(host) failed") }
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw RegistryError("send failed") }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        let text = String(decoding: answer, as: UTF8.self)
        let status = Int(text.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, body)
    }

    /// The tags repository `name` holds (`GET /v2/<name>/tags/list`); empty when it is unknown.
    package func tags(of name: String) async throws -> [String] {
        let (status, body) = try await get("/v2/\(name)/tags/list")
        guard status == 200, let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return [] }
        return object["tags"] as? [String] ?? []
    }

    package func stop(removing: Bool = true) {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        if removing { try? FileManager.default.removeItem(at: directory) }
    }

    static let cryptLock = NSLock()

    /// A bcrypt (`$2b$`) hash of `password` from libcrypt (what the registry's htpasswd reads).
    static func bcrypt(_ password: String) -> String? {
        // crypt and crypt_gensalt answer in static buffers: one call at a time.
        cryptLock.lock()
        defer { cryptLock.unlock() }
        guard let library = dlopen("libcrypt.so.1", RTLD_NOW) else { return nil }
        typealias CryptFunction = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>) -> UnsafeMutablePointer<CChar>?
        typealias SaltFunction = @convention(c) (UnsafePointer<CChar>, UInt, UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>?
        guard let cryptSymbol = dlsym(library, "crypt"), let saltSymbol = dlsym(library, "crypt_gensalt") else { return nil }
        let crypt = unsafeBitCast(cryptSymbol, to: CryptFunction.self)
        // A fresh random salt for bcrypt at cost 10, from the library itself.
        guard let saltPointer = unsafeBitCast(saltSymbol, to: SaltFunction.self)("$2b$", 10, nil, 0) else { return nil }
        let salt = String(cString: saltPointer)
        guard let result = crypt(password, salt) else { return nil }
        let hash = String(cString: result)
        return hash.hasPrefix("$2b$") ? hash : nil
    }
}

/// The registry could not start.
package struct RegistryError: Error, CustomStringConvertible {
    package let description: String

    init(_ description: String) {
        self.description = description
    }
}
