import Foundation
import SlipwayCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The ref updates and quarantine location that git's pre-receive hook handed to the server.
struct HookRequest: Sendable {
    /// `(old, new, ref)` triples, in the order git listed them.
    var updates: [(old: String, new: String, ref: String)]
    /// Environment the hook ran with, needed to see the quarantined (not yet accepted) objects.
    var quarantineEnvironment: [String: String]
}

/// A pair of named pipes through which one `git receive-pack` run's pre-receive hook asks the
/// server process for a verdict before git updates any ref.
///
/// Why FIFOs: the hook is a child of git, not of Slipway, so it needs a rendezvous that exists
/// only for this push and needs no port, no credential and no helper binary. The server holds
/// both FIFOs open read-write, so neither side's `open` ever blocks, a FIFO is never seen at
/// end-of-file, and the server can unblock its own reader (`abort`) when git exits without
/// running the hook (e.g. a push that only failed to unpack). Messages end with a sentinel line.
final class PushHookChannel: Sendable {
    let directory: String
    let requestPath: String
    let responsePath: String
    private let requestFD: Int32
    private let responseFD: Int32

    /// Environment variables git passes down to the hook.
    var environment: [String: String] {
        ["SLIPWAY_HOOK_REQUEST": requestPath, "SLIPWAY_HOOK_RESPONSE": responsePath]
    }

    init(temporaryDirectory: String) throws {
        let dir = temporaryDirectory + "/push-" + UUID().uuidString
        guard mkdir(dir, 0o700) == 0 else {
            throw SlipwayError.internalError("cannot create push channel directory (errno \(errno))")
        }
        directory = dir
        requestPath = dir + "/request"
        responsePath = dir + "/response"
        guard mkfifo(requestPath, 0o600) == 0, mkfifo(responsePath, 0o600) == 0 else {
            let e = errno
            try? FileManager.default.removeItem(atPath: dir)
            throw SlipwayError.internalError("cannot create push channel FIFOs (errno \(e))")
        }
        requestFD = open(requestPath, O_RDWR | O_CLOEXEC)
        responseFD = open(responsePath, O_RDWR | O_CLOEXEC)
        guard requestFD >= 0, responseFD >= 0 else {
            let e = errno
            if requestFD >= 0 { _ = close(requestFD) }
            if responseFD >= 0 { _ = close(responseFD) }
            try? FileManager.default.removeItem(atPath: dir)
            throw SlipwayError.internalError("cannot open push channel FIFOs (errno \(e))")
        }
    }

    /// Waits (on a dedicated thread, never a concurrency-pool thread) for the hook's request.
    /// Returns nil when `abort()` was called first.
    func nextRequest() async -> HookRequest? {
        let fd = requestFD
        let bytes: [UInt8]? = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: Self.readMessage(fd))
            }
        }
        guard let bytes else { return nil }
        var request = HookRequest(updates: [], quarantineEnvironment: [:])
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("::env ") {
                let pair = line.dropFirst(6)
                guard let eq = pair.firstIndex(of: "=") else { continue }
                let value = String(pair[pair.index(after: eq)...])
                if !value.isEmpty { request.quarantineEnvironment[String(pair[..<eq])] = value }
                continue
            }
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count == 3 else { continue }
            request.updates.append((String(fields[0]), String(fields[1]), String(fields[2])))
        }
        return request
    }

    /// Reads until a line `::end` (message complete) or `::abort` (nil).
    private static func readMessage(_ fd: Int32) -> [UInt8]? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let end = Array("::end\n".utf8), abort = Array("::abort\n".utf8)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            data.append(contentsOf: chunk[0..<n])
            if data.count >= abort.count, Array(data.suffix(abort.count)) == abort,
                data.count == abort.count || data[data.count - abort.count - 1] == 0x0A
            {
                return nil
            }
            if data.count >= end.count, Array(data.suffix(end.count)) == end,
                data.count == end.count || data[data.count - end.count - 1] == 0x0A
            {
                return Array(data.dropLast(end.count))
            }
        }
    }

    /// Tells the waiting hook to let git update refs (`accept`) or refuse the push, printing
    /// `messages` to the client as `remote:` lines.
    func respond(accept: Bool, messages: [String]) {
        var text = ""
        for message in messages {
            for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
                text += (line.hasPrefix("::") ? " " : "") + line.prefix(1000) + "\n"
            }
        }
        if text.utf8.count > 32 * 1024 { text = String(text.utf8.prefix(32 * 1024)) ?? "" }
        text += accept ? "::accept\n" : "::reject\n"
        writeAll(responseFD, Array(text.utf8))
    }

    /// Unblocks a pending `nextRequest()` (git exited without running the hook).
    func abort() {
        writeAll(requestFD, Array("\n::abort\n".utf8))
    }

    /// Closes the FIFOs and removes their directory.
    func shutdown() {
        _ = close(requestFD)
        _ = close(responseFD)
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// The pre-receive hook installed in Slipway's `core.hooksPath`. Outside a Slipway-driven
    /// receive-pack (no channel in the environment) it accepts, so local admin pushes still work.
    static let preReceiveScript = """
        #!/bin/sh
        # Installed by Slipway. Hands the ref updates of this push to the Slipway server process
        # that started git receive-pack and waits for its verdict; refs change only on success.
        [ -n "$SLIPWAY_HOOK_REQUEST" ] || exit 0
        {
          printf '::env GIT_OBJECT_DIRECTORY=%s\\n' "$GIT_OBJECT_DIRECTORY"
          printf '::env GIT_ALTERNATE_OBJECT_DIRECTORIES=%s\\n' "$GIT_ALTERNATE_OBJECT_DIRECTORIES"
          printf '::env GIT_QUARANTINE_PATH=%s\\n' "$GIT_QUARANTINE_PATH"
          cat
          printf '\\n::end\\n'
        } > "$SLIPWAY_HOOK_REQUEST" || exit 1
        while IFS= read -r line; do
          case "$line" in
            ::accept) exit 0 ;;
            ::reject) exit 1 ;;
            *) printf '%s\\n' "$line" >&2 ;;
          esac
        done < "$SLIPWAY_HOOK_RESPONSE"
        exit 1

        """
}
