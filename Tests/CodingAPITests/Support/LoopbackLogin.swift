import Foundation
import SlipwayEngine
import SlipwayTestSupport

/// A local user a `PASSWORD` host group logs in as: made once (with a home directory, where the
/// deployments land), given a fresh random password once per test run. Needs root, as the test suite runs.
struct LoopbackLogin: Sendable {
    let user: String
    let password: String
    var home: String { "/home/\(user)" }

    static let name = "slipway-cd-login"

    /// The login, made once per test process (tests running at once share one password).
    static func make() async throws -> LoopbackLogin { try await shared.value }

    private static let shared = Task { try await create() }

    private static func create() async throws -> LoopbackLogin {
        let password = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let script = """
            id -u \(name) >/dev/null 2>&1 || useradd --create-home --shell /bin/sh \(name)
            printf '%s:%s\\n' \(name) "$LOGIN_PASSWORD" | chpasswd
            """
        let status = try await ProcessRunner().run(
            "/bin/sh", arguments: ["-c", script], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LOGIN_PASSWORD": password],
            workingDirectory: "/"
        ) { _ in }
        guard status == 0 else { throw SSHDError(message: "could not make the login user \(name) (status \(status); the tests need root)") }
        return LoopbackLogin(user: name, password: password)
    }
}
