import ArgumentParser
import SlipwayCore
import SlipwayStore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Add.self, List.self, SetPasswordCommand.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user and print an API token for them.")
        @Argument(help: "Account (login name).") var account: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "E-mail address.") var email: String = ""
        @Flag(help: "Make the user a system administrator.") var admin = false
        @Flag(help: "Do not issue a token.") var noToken = false
        @Flag(help: "Set a web sign-in password, read from the terminal or standard input.") var password = false
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let secret = password ? try PasswordInput.read() : nil
            try await storeOptions.withStore { store in
                let user = User(uid: TokenSecret.uuid(), account: account, name: name ?? account, email: email, isAdmin: admin)
                try await store.users.create(user)
                if let secret { try await PasswordInput.set(secret, for: user, in: store) }
                print("uid: \(user.uid)")
                if !noToken {
                    print("token: \(try await store.tokens.issue(userUID: user.uid, name: "cli").secret)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                for user in try await store.users.list(keyword: nil, page: 1, pageSize: 10_000).items {
                    print("\(user.uid)\t\(user.account)\t\(user.name)\(user.isAdmin ? "\tadmin" : "")")
                }
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, RevokeTokenCommand.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a new API token for a user and print it once.")
        @Option(help: "The user's account.") var user: String
        @Option(help: "A name for the token.") var name: String = "cli"
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                guard let found = try await store.users.find(account: user) else { throw ValidationError("no user with account \(user)") }
                print(try await store.tokens.issue(userUID: found.uid, name: name).secret)
            }
        }
    }
}

struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "group", abstract: "Manage user groups.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user group and print its id.")
        @Argument(help: "Group name.") var name: String
        @Option(help: "Description.") var description: String = ""
        @Option(parsing: .upToNextOption, help: "Member accounts.") var members: [String] = []
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                var uids: [String] = []
                for account in members {
                    guard let user = try await store.users.find(account: account) else { throw ValidationError("no user with account \(account)") }
                    uids.append(user.uid)
                }
                print(try await store.groups.create(name: name, description: description, memberUIDs: uids).gid)
            }
        }
    }
}
