import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real `slipway` binary, started as a child process, with its output captured.
final class ServerProcess: Sendable {
    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/slipway")
    }

    private let process: Process
    private let output = OutputBuffer()

    /// Start `slipway <arguments>`; the binary must have been built (`swift build --build-tests` builds it).
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLIPWAY_") }
        env.merge(environment) { $1 }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        try process.run()
        Self.drain(pipe.fileHandleForReading, into: output)
    }

    /// Read the child's output on a thread of its own until end of file. Not `readabilityHandler`: on Linux
    /// its dispatch source outlives the handle when the process object goes first, and libdispatch's event
    /// loop then crashes on the closed (or reused) descriptor (`_dispatch_event_loop_drain`, signal 11).
    private static func drain(_ handle: FileHandle, into output: OutputBuffer) {
        let thread = Thread {
            let descriptor = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                output.append(String(decoding: buffer[0..<count], as: UTF8.self))
            }
            try? handle.close()
        }
        thread.start()
    }

    var text: String { output.text }
    var isRunning: Bool { process.isRunning }
    var exitCode: Int32 { process.terminationStatus }

    /// Wait until the output matches, or fail after `seconds`.
    func waitFor(_ pattern: String, seconds: Double = 30) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let range = text.range(of: pattern, options: .regularExpression) { return String(text[range]) }
            if !process.isRunning && text.range(of: pattern, options: .regularExpression) == nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerProcessError.timeout(pattern: pattern, output: text)
    }

    /// Wait for the process to end; true when it did within `seconds`.
    func waitForExit(seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return !process.isRunning
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Run a short command of the binary to completion and return its output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (code: Int32, output: String) {
        let child = try ServerProcess(arguments, environment: environment)
        _ = try await child.waitForExit(seconds: 60)
        try await Task.sleep(for: .milliseconds(100))
        return (child.exitCode, child.text)
    }
}

/// Output collected from a child process's pipe callback.
final class OutputBuffer: Sendable {
    private let storage = Mutex("")
    func append(_ chunk: String) { storage.withLock { $0 += chunk } }
    var text: String { storage.withLock { $0 } }
}

enum ServerProcessError: Error {
    case timeout(pattern: String, output: String)
}

/// A plain HTTP call to a running server.
func httpGet(_ url: String, token: String?) async throws -> (status: Int, body: String) {
    try await http("GET", url, token: token)
}

func http(_ method: String, _ url: String, token: String?, body: String? = nil) async throws -> (status: Int, body: String) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let body {
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}
