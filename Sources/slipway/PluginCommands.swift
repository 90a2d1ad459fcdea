import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayStore
import SlipwayTriggers

/// `slipway admin plugin add|list|remove`: the plugins pipeline files may use as `plugin:` steps.
struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin", abstract: "Manage pipeline plugins.", subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register (or replace) a plugin from a YAML or JSON manifest.")
        @Argument(help: "The manifest file (name, version, description, inputs, run).") var file: String
        @Option(help: "Account recorded as the plugin's author.") var by: String = "admin"
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let plugin: PipelinePlugin
            do {
                plugin = try PluginManifest.parse(String(decoding: data, as: UTF8.self), createdBy: by)
            } catch let error as SlipwayError {
                throw ValidationError(error.detail)
            }
            try await storeOptions.withStore { store in
                let stored = try await store.plugins.register(plugin)
                print("\(stored.name)@\(stored.version)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered plugins.")
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                for plugin in try await store.plugins.list() {
                    print("\(plugin.name)\t\(plugin.version)\t\(plugin.inputs.map(\.name).joined(separator: ","))\t\(plugin.description)")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a plugin.")
        @Argument(help: "Plugin name.") var name: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in try await store.plugins.delete(name: name) }
        }
    }
}
