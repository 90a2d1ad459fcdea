import Foundation
import Logging
import SlipwayCore

/// `--compare-stores`: the throughput section on a fresh SQLite store and on PostgreSQL (this
/// run's store), `--rounds` times, the order swapped every round. Removing a data directory makes
/// the next inodes dearer for a minute on ext4 without a journal, so the SQLite stores' directories
/// are removed only at the end, and a fixed order would favour the store measured first. Prints
/// each round, then the medians and their ratios.
func compareStores(_ bench: BenchEnvironment, echo: Workflow, tasks: Int, pipelines: Int, options: BenchOptions, logger: Logger) async throws {
    var onSQLite: [Throughput] = []
    var onPostgres: [Throughput] = []
    var leftover: [URL] = []
    defer { for root in leftover where !options.keepFiles { try? FileManager.default.removeItem(at: root) } }
    for round in 1...options.rounds {
        let suffix = options.rounds > 1 ? ", round \(round)" : ""
        for sqliteTurn in round % 2 == 1 ? [true, false] : [false, true] {
            if sqliteTurn {
                let sqlite = try await BenchEnvironment.open(postgresURL: nil, executor: options.executor, logger: logger)
                leftover.append(sqlite.root)
                onSQLite.append(
                    try await measureThroughput(sqlite, echo: try await sqlite.echoWorkflow(), tasks: tasks, pipelines: pipelines, label: " [sqlite\(suffix)]"))
                await sqlite.close(removingFiles: false)
            } else {
                onPostgres.append(try await measureThroughput(bench, echo: echo, tasks: tasks, pipelines: pipelines, label: " [postgresql\(suffix)]"))
            }
        }
    }
    let tasksRatio = median(onPostgres.map(\.tasksPerSecond)) / median(onSQLite.map(\.tasksPerSecond))
    let pipelinesRatio = median(onPostgres.map(\.pipelinesPerSecond)) / median(onSQLite.map(\.pipelinesPerSecond))
    if options.rounds > 1 {
        report(
            "median echo tasks/s, SQLite / PostgreSQL",
            String(format: "%.1f / %.1f", median(onSQLite.map(\.tasksPerSecond)), median(onPostgres.map(\.tasksPerSecond))))
        report(
            "median pipelines/s, SQLite / PostgreSQL",
            String(format: "%.1f / %.1f", median(onSQLite.map(\.pipelinesPerSecond)), median(onPostgres.map(\.pipelinesPerSecond))))
    }
    let machine = (onSQLite.compactMap(\.machinePerTask), onPostgres.compactMap(\.machinePerTask))
    if !machine.0.isEmpty && !machine.1.isEmpty {
        // While both runs keep the machine busy, throughput goes as the inverse of CPU per task.
        report(
            "median machine CPU per echo task (ms), SQLite / PostgreSQL",
            String(format: "%.2f / %.2f  (ratio %.2f)", median(machine.0), median(machine.1), median(machine.0) / median(machine.1)))
    }
    report("PostgreSQL / SQLite echo tasks/s (target ≥ 0.9)", String(format: "%.2f", tasksRatio))
    report("PostgreSQL / SQLite pipelines/s", String(format: "%.2f", pipelinesRatio))
}

/// The middle value (the mean of the two middle ones for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
