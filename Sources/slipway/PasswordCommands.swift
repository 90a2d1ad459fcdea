import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayServices
import SlipwayStore

#if canImport(Glibc)
    import Glibc
#endif

/// Reading a new password for `admin user add --password` and `admin user set-password`: typed
/// at a terminal (not echoed), or the first line of standard input (scripts).
enum PasswordInput {
    static func read() throws -> String {
        let password: String?
        if isatty(STDIN_FILENO) != 0 {
            password = getpass("Password: ").map { String(cString: $0) }
        } else {
            password = readLine(strippingNewline: true)
        }
        guard let password else { throw ValidationError("no password given on standard input") }
        if let problem = PasswordHasher.problem(password) { throw ValidationError(problem) }
        return password
    }

    /// Store the password's hash for the user and end their web sessions.
    static func set(_ password: String, for user: User, in store: Store) async throws {
        try await store.passwords.set(userUID: user.uid, hash: PasswordHasher.hash(password))
        try await store.webSessions.closeAll(userUID: user.uid)
    }
}

struct SetPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-password",
        abstract: "Set a user's web sign-in password (read from the terminal or standard input); signs them out everywhere.")
    @Argument(help: "Account (login name).") var account: String
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let password = try PasswordInput.read()
        try await storeOptions.withStore { store in
            guard let user = try await store.users.find(account: account) else { throw ValidationError("no user with account \(account)") }
            try await PasswordInput.set(password, for: user, in: store)
        }
    }
}

struct RevokeTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an API token by its id.")
    @Argument(help: "The token's id (as the web tokens page lists it).") var id: Int64
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await storeOptions.withStore { store in
            do {
                try await store.tokens.revoke(id: id)
            } catch SlipwayError.notFound(_) {
                throw ValidationError("no token \(id)")
            }
        }
    }
}
