import Synchronization

/// Which program makes a job's sandbox. A root server runs `slipway-sandbox` (the launcher on
/// Linux's mount API, `Sources/slipway-sandbox`) when this kernel lets it: it takes the
/// bubblewrap options the server passes, with their meaning, at about half bubblewrap's cost per
/// sandbox, and runs the init's code itself (`--as-init`). Otherwise, and for a server that is
/// not root (which needs bubblewrap's user namespace), bubblewrap runs.
package enum SandboxLauncher {
    /// The program for a server with `settings` that found bubblewrap at `bubblewrap`, and what
    /// it takes besides bubblewrap's options (`as-init`: the init's code, with the init's
    /// features); `root` and `devicesBound` (the layout binds a device directory rather than
    /// asking bubblewrap for a fresh `/dev`, which the launcher does not make) must both hold for
    /// the launcher.
    static func choose(
        _ settings: SandboxSettings, bubblewrap: String, root: Bool, devicesBound: Bool
    ) -> (path: String, features: Set<String>) {
        guard root, devicesBound, let launcher = settings.launcher.flatMap({ SandboxTools.locate($0) }) else { return (bubblewrap, []) }
        let features = features(of: launcher)
        return features.contains("mount-api") ? (launcher, features) : (bubblewrap, [])
    }

    /// Whether `launcher --features` says it can build sandboxes here.
    package static func works(_ launcher: String) -> Bool { features(of: launcher).contains("mount-api") }

    /// What `launcher --features` says (nothing when it cannot build sandboxes here); asked once
    /// per path.
    static func features(of launcher: String) -> Set<String> {
        if let known = answers.withLock({ $0[launcher] }) { return known }
        let features = SandboxBackend.features(of: launcher)
        answers.withLock { $0[launcher] = features }
        return features
    }

    private static let answers = Mutex<[String: Set<String>]>([:])
}
