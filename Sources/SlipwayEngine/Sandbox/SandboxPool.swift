import Foundation
import Synchronization

/// Sandboxes made ahead of their jobs, by job directory. Making a sandbox's mounts costs most of
/// a short job's start, and waits mostly on the kernel rather than the CPU; the engine asks for
/// the next stage's sandboxes while the current stage runs, so that cost leaves the job's path.
final class SandboxPool: Sendable {
    private let warm = Mutex<[String: WarmSandbox]>([:])
    /// At most this many sandboxes wait at once (each holds two bubblewrap processes and the
    /// init); a stage wider than that starts the rest on demand.
    static let capacity = 32

    /// Keep `sandbox` for the job in `jobDirectory`, discarding one kept there before.
    func keep(_ sandbox: WarmSandbox, for jobDirectory: String) {
        let previous = warm.withLock { $0.updateValue(sandbox, forKey: jobDirectory) }
        previous?.discard()
    }

    /// The sandbox kept for `jobDirectory`, now the caller's; nil when there is none.
    func claim(_ jobDirectory: String) -> WarmSandbox? {
        warm.withLock { $0.removeValue(forKey: jobDirectory) }
    }

    /// How many sandboxes are kept.
    var count: Int { warm.withLock { $0.count } }
}

/// One sandbox made ahead of its job: bubblewrap with `slipway-sandbox-init --command-stdin`
/// inside, waiting for the job's command on its standard input.
final class WarmSandbox: Sendable {
    private let assignments: AsyncStream<WaitingAssignment>.Continuation
    private let process: Task<Int32?, any Error>

    init(runner: ProcessRunner, launcher: String, arguments: [String], jobDirectory: String) {
        let (stream, continuation) = AsyncStream.makeStream(of: WaitingAssignment.self, bufferingPolicy: .bufferingNewest(1))
        assignments = continuation
        process = Task {
            try await runner.runWaiting(launcher, arguments: arguments, workingDirectory: jobDirectory, assignments: stream)
        }
    }

    /// Run the command `input` encodes (`WarmSandbox.encode`); cancelling the caller tears the
    /// sandbox down, as for a process started on demand. nil when the sandbox had ended before
    /// the command reached it (nothing ran; the caller starts one on demand).
    func run(
        _ input: [UInt8], onStart: @escaping @Sendable (Int32) async -> Void, onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32? {
        assignments.yield(WaitingAssignment(input: input, onStart: onStart, onLine: onLine))
        assignments.finish()
        let process = self.process
        let code = try await withTaskCancellationHandler {
            try await process.value
        } onCancel: {
            process.cancel()
        }
        try Task.checkCancellation()
        return code
    }

    /// End the sandbox unused.
    func discard() {
        assignments.finish()
        process.cancel()
    }

    /// The most a command block may hold after its head (`slipway-sandbox-init` refuses more).
    static let largestBlock = 8 << 20

    /// The command block `slipway-sandbox-init --command-stdin` reads: NUL-terminated strings,
    /// the magic and the length of the rest first. With a `script`, its name and length follow
    /// the variables, then its text as it is, under the second magic.
    static func encode(directory: String, arguments: [String], environment: [String: String], script: JobScript? = nil) -> [UInt8] {
        var block: [UInt8] = []
        // A string ends at its first NUL, as it would on an exec's command line.
        func add(_ text: String) {
            block.append(contentsOf: text.utf8.prefix { $0 != 0 })
            block.append(0)
        }
        add(directory)
        add(String(arguments.count))
        arguments.forEach(add)
        add(String(environment.count))
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { add("\(name)=\(value)") }
        guard let script else { return Array("slipway-command-1\u{0}\(block.count)\u{0}".utf8) + block }
        add(script.name)
        add(String(script.text.utf8.count))
        block.append(contentsOf: script.text.utf8)
        return Array("slipway-command-2\u{0}\(block.count)\u{0}".utf8) + block
    }
}
