import Foundation
import Synchronization

/// Which program makes a job's sandbox. A root server runs `slipway-sandbox` (the launcher on
/// Linux's mount API, `Sources/slipway-sandbox`) when this kernel lets it: it takes the
/// bubblewrap options the server passes, with their meaning, at about half bubblewrap's cost per
/// sandbox. Otherwise, and for a server that is not root (which needs bubblewrap's user
/// namespace), bubblewrap runs.
package enum SandboxLauncher {
    /// The program for a server with `settings` that found bubblewrap at `bubblewrap`; `root`
    /// and `devicesBound` (the layout binds a device directory rather than asking bubblewrap for
    /// a fresh `/dev`, which the launcher does not make) must both hold for the launcher.
    static func choose(_ settings: SandboxSettings, bubblewrap: String, root: Bool, devicesBound: Bool) -> String {
        guard root, devicesBound, let launcher = settings.launcher.flatMap({ SandboxTools.locate($0) }), works(launcher) else {
            return bubblewrap
        }
        return launcher
    }

    /// Whether `launcher --features` says it can build sandboxes here; asked once per path.
    package static func works(_ launcher: String) -> Bool {
        if let known = answers.withLock({ $0[launcher] }) { return known }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher)
        process.arguments = ["--features"]
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let said = Pipe()
        process.standardOutput = said
        var works = false
        if (try? process.run()) != nil {
            let text = String(decoding: said.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            works = process.terminationStatus == 0 && text.split(whereSeparator: \.isWhitespace).contains("mount-api")
        }
        answers.withLock { $0[launcher] = works }
        return works
    }

    private static let answers = Mutex<[String: Bool]>([:])
}
