import Foundation

extension PluginPlan {
    /// Shells whose `-c` argument is a script.
    package static let shells: Set<String> = ["sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"]

    /// In `sh -c SCRIPT …` (any listed shell, options before `-c`), the index of SCRIPT in `argv`.
    package var scriptIndex: Int? { Self.scriptIndex(in: argv) }

    package static func scriptIndex(in argv: [String]) -> Int? {
        guard let first = argv.first, shells.contains(URL(fileURLWithPath: first).lastPathComponent) else { return nil }
        var i = 1
        if URL(fileURLWithPath: first).lastPathComponent == "busybox" {
            guard argv.count > 1, shells.contains(argv[1]) else { return nil }
            i = 2
        }
        while i < argv.count, argv[i].hasPrefix("-") {
            if argv[i] != "--", argv[i].dropFirst().contains("c") { return i + 1 < argv.count ? i + 1 : nil }
            i += 1
        }
        return nil
    }
}
