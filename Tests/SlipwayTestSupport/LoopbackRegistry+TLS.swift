import Foundation

/// The registry over TLS: its self-signed certificate made by openssl, and requests by curl, which
/// checks the served certificate against it.
extension LoopbackRegistry {
    package static var tlsAvailable: Bool {
        available && ["/usr/bin/openssl", "/usr/bin/curl"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }
    package static let tlsSkipReason = "docker-registry, openssl or curl is missing (scripts/test installs them)"

    /// A self-signed certificate for 127.0.0.1 (a CA, so clients can trust it as one), written as
    /// `cert.pem` with its key `key.pem` in `directory`; the certificate's PEM text.
    package static func selfSignedCertificate(in directory: URL) throws -> String {
        let certificate = directory.appendingPathComponent("cert.pem")
        let result = try command(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:TRUE",
                "-keyout", directory.appendingPathComponent("key.pem").path, "-out", certificate.path,
            ])
        guard result.status == 0 else { throw RegistryError("openssl could not make a certificate: \(result.output)") }
        return try String(contentsOf: certificate, encoding: .utf8)
    }

    /// GET `path` over HTTPS with curl, trusting only the registry's certificate.
    func getOverTLS(_ path: String, authenticated: Bool) throws -> (status: Int, body: String) {
        // The credentials reach curl in a config file, not on its command line.
        let config = directory.appendingPathComponent("curl-\(UUID().uuidString).conf")
        try (authenticated ? "user = \"\(user):\(password)\"\n" : "").write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let result = try Self.command(
            "/usr/bin/curl",
            [
                "-s", "--max-time", "10", "-K", config.path, "--cacert", directory.appendingPathComponent("cert.pem").path,
                "-w", "\n%{http_code}", "https://\(host)\(path)",
            ])
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    /// Run `executable` to the end; its status and standard output (standard error discarded).
    static func command(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
