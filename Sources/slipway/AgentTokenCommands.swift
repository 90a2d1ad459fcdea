import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayStore

/// `slipway agent-token`: issue agent tokens and manage agents against the store, like `admin`.
struct AgentTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-token", abstract: "Issue tokens for remote agents and manage them.",
        subcommands: [Create.self, List.self, Enable.self, Disable.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an agent and print its token once.")
        @Option(help: "The agent's name (letters, digits, '.', '_', '-').") var name: String
        @Option(help: "Labels jobs ask for with vm_labels, comma-separated (the agent's --labels replace them).") var labels: String = ""
        @Option(help: "Commands the agent runs at once (the agent's --capacity replaces it).") var capacity: Int = 1
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let labels = labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let problem = Agent.problem(name: name, labels: labels, capacity: capacity) { throw ValidationError(problem) }
            try await storeOptions.withStore { store in
                let issued = try await store.agents.issue(name: name, labels: labels, capacity: capacity)
                print("agent: \(issued.agent.id) \(issued.agent.name)")
                print("token: \(issued.secret)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agents: id, name, labels, enabled, version, last seen.")
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                for agent in try await store.agents.list() {
                    let seen = agent.lastSeenAt.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0) / 1000)) } ?? "never"
                    print(
                        "\(agent.id)\t\(agent.name)\t\(agent.labels.joined(separator: ","))\t\(agent.enabled ? "enabled" : "disabled")\t\(agent.version)\t\(seen)"
                    )
                }
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable an agent.")
        @Argument(help: "The agent's id.") var id: Int64
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                guard try await store.agents.setEnabled(id: id, true) else { throw ValidationError("no agent \(id)") }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an agent: its calls are refused (a running server also stops its commands when disabled through the API).")
        @Argument(help: "The agent's id.") var id: Int64
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                guard try await store.agents.setEnabled(id: id, false) else { throw ValidationError("no agent \(id)") }
            }
        }
    }
}
