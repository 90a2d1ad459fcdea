import Foundation

/// The variables a CD script gets from its stage's property file and its trigger's parameters:
/// names only a script reads as data. Names that bash, the dynamic loader or the agent act on
/// (`BASH_ENV` runs a file, `SHELLOPTS` and `PS4` turn on tracing that expands code, `LD_PRELOAD`
/// loads a library, `PATH` chooses the programs run, `NODE_OPTIONS` and its kind load code into
/// interpreters) are refused.
package enum CdScriptEnvironment {
    static let reservedNames: Set<String> = [
        "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS1", "PS2", "PS4", "PROMPT_COMMAND", "IFS", "PATH", "HOME", "CDPATH",
        "GLOBIGNORE", "TMPDIR", "SHELL",
        // What glibc acts on in every program (its list of variables ignored for setuid programs).
        "GLIBC_TUNABLES", "GETCONF_DIR", "HOSTALIASES", "LOCALDOMAIN", "NIS_PATH", "NLSPATH", "LOCPATH", "RESOLV_HOST_CONF",
        "RES_OPTIONS", "TZDIR",
        // Interpreters and tools that load or run code named in their environment.
        "PERL5OPT", "PERL5LIB", "PERLLIB", "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME", "NODE_OPTIONS", "NODE_PATH", "RUBYOPT",
        "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "EDITOR", "VISUAL", "PAGER", "LESSOPEN", "LESSCLOSE",
        "BROWSER", "MANPAGER",
    ]
    static let reservedPrefixes = ["LD_", "MALLOC_", "BASH_", "GCONV_", "SLIPWAY_", "SSH_", "GIT_", "DYLD_"]

    /// Why `name` cannot carry a value to a script; nil when it can.
    package static func problem(_ name: String) -> String? {
        guard JenkinsVariable.isName(name) else { return "\(name.prefix(60).debugDescription) is not a variable name" }
        if reservedNames.contains(name) || reservedPrefixes.contains(where: name.hasPrefix) {
            return "\(name) is a name the shell or the system acts on, not a variable a script can be given"
        }
        return nil
    }
}

/// A stage's `propertyFile`: `KEY=VALUE` lines whose values become the script's environment, as
/// data. Blank lines and lines starting with `#` or `!` are comments; the key is trimmed, the value
/// is the rest of the line after its leading blanks, as written (no escapes, no expansion). Bounded.
package struct CdPropertyFile: Sendable, Equatable {
    package var values: [String: String]

    package static let maxBytes = 64 * 1024
    package static let maxEntries = 200

    /// Parse `text`; throws the line that is not a property, with why.
    package init(_ text: String) throws(CdPropertyFileError) {
        guard text.utf8.count <= Self.maxBytes else { throw CdPropertyFileError(line: 0, problem: "is larger than \(Self.maxBytes) bytes") }
        var values: [String: String] = [:]
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("!") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw CdPropertyFileError(line: index + 1, problem: "is not KEY=VALUE")
            }
            let key = String(trimmed[..<equals]).trimmingCharacters(in: .whitespaces)
            if let problem = CdScriptEnvironment.problem(key) { throw CdPropertyFileError(line: index + 1, problem: problem) }
            values[key] = String(trimmed[trimmed.index(after: equals)...].drop { $0 == " " || $0 == "\t" })
            guard values.count <= Self.maxEntries else {
                throw CdPropertyFileError(line: index + 1, problem: "the file holds more than \(Self.maxEntries) properties")
            }
        }
        self.values = values
    }
}

/// Why a property file was refused: its line (0: the whole file) and the problem.
package struct CdPropertyFileError: Error, Equatable, CustomStringConvertible {
    package var line: Int
    package var problem: String

    package var description: String { line == 0 ? problem : "line \(line): \(problem)" }
}
