import Foundation

/// The command line of `slipway-bench`.
struct BenchOptions {
    /// Fewer iterations in every section (a smoke run).
    var quick = false
    /// Run on this PostgreSQL database instead of a fresh SQLite file.
    var postgresURL: String?
    /// How many tasks the memory section finishes (`--tasks N`).
    var memoryTasks = 10_000
    /// Run the throughput section on both stores and print PostgreSQL's figures over SQLite's.
    var compareStores = false
    /// How many times `--compare-stores` measures each store, the order swapped every round (`--rounds N`).
    var rounds = 1
    /// With `--compare-stores`: this many slices of 100 echo tasks (20 with `--quick`) a store,
    /// the stores taking turns slice by slice (`--slices N`; 0: whole rounds instead).
    var slices = 0
    /// The sections to run (`--only trigger,throughput,logs,sandbox,container,memory`); every section when nil.
    var only: Set<String>?
    /// Where jobs run (`--executor host` shows the sandbox's share of the engine figures;
    /// `bubblewrap` is the sandbox made by bubblewrap even where `slipway-sandbox` would run).
    var executor = "sandbox"
    /// Leave the data directories in place (`--keep-files`): a script that runs the bench again
    /// removes them at its end. On ext4 without a journal every inode freed in the last one to
    /// six minutes is stepped over, one by one, by each new file of its block group, so removing
    /// a run's files (about 4,500) made the next run's log files dearer.
    var keepFiles = false
    /// Every argument as given, for the entry points of other benchmarks.
    var arguments: [String] = []

    static let sections = ["trigger", "throughput", "logs", "events", "sandbox", "container", "memory"]
    static let usage = """
        usage: slipway-bench [--quick] [--postgres URL] [--tasks N] [--compare-stores [--rounds N | --slices N]] [--executor sandbox|bubblewrap|host] [--keep-files] [--only SECTION,...]
               slipway-bench --web [--quick] [--postgres URL] [--samples N]   (web page rendering)
               slipway-bench --other-lists [--rows N] [--postgres URL] [--samples N]   (merge request, operation log and delivery lists)
          sections: \(sections.joined(separator: ", "))
        """

    /// Whether `section` runs.
    func runs(_ section: String) -> Bool { only?.contains(section) ?? true }

    /// Whether `flag` was given.
    func has(_ flag: String) -> Bool { arguments.contains(flag) }

    /// The value after `flag`, if any.
    func value(of flag: String) -> String? {
        arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
    }

    static func parse(_ arguments: [String]) -> BenchOptions {
        var options = BenchOptions(arguments: arguments)
        options.quick = options.has("--quick")
        options.postgresURL = options.value(of: "--postgres")
        options.compareStores = options.has("--compare-stores")
        options.keepFiles = options.has("--keep-files")
        if options.quick { options.memoryTasks = 1000 }
        if options.has("--tasks") {
            guard let text = options.value(of: "--tasks"), let tasks = Int(text), tasks > 0 else { fail("--tasks needs a positive number") }
            options.memoryTasks = tasks
        }
        if let list = options.value(of: "--only") {
            let names = Set(list.split(separator: ",").map(String.init))
            guard names.isSubset(of: sections) else { fail("unknown section in --only \(list)") }
            options.only = names
        }
        if let executor = options.value(of: "--executor") {
            guard ["sandbox", "bubblewrap", "host"].contains(executor) else { fail("--executor is sandbox, bubblewrap or host") }
            options.executor = executor
        }
        if options.has("--rounds") {
            guard let text = options.value(of: "--rounds"), let rounds = Int(text), (1...20).contains(rounds) else {
                fail("--rounds needs a number from 1 to 20")
            }
            options.rounds = rounds
        }
        if options.has("--slices") {
            guard let text = options.value(of: "--slices"), let slices = Int(text), (2...400).contains(slices) else {
                fail("--slices needs a number from 2 to 400")
            }
            options.slices = slices
            guard options.compareStores else { fail("--slices needs --compare-stores") }
            guard !options.has("--rounds") else { fail("--rounds and --slices do not go together") }
        }
        if options.compareStores && options.postgresURL == nil { fail("--compare-stores needs --postgres URL") }
        return options
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("slipway-bench: \(message)\n\(usage)\n".utf8))
        exit(2)
    }
}
