import Foundation
import Logging
import SlipwayCore

/// `--compare-stores --slices N`: echo tasks as in the throughput section on a fresh SQLite store
/// and on PostgreSQL (this run's store), N slices of `perSlice` each, the two stores taking turns slice by
/// slice (SQLite first in even slices, PostgreSQL in odd ones), both engines open throughout; then
/// the throughput section's 3-stage pipelines the same way, a fifth as many a slice. The
/// machine's speed drifts by 10 % and more over minutes on a VM (a run's whole-machine CPU per
/// task moved 4.4 → 5.0 ms between two runs of the same build); slices a second apart see the
/// same machine, so their ratio measures the stores and not the drift. Prints, for each, both
/// stores' totals, the ratio of the totals and the spread of the slice pairs' ratios.
func compareStoresInSlices(_ bench: BenchEnvironment, echo: Workflow, perSlice: Int, options: BenchOptions, logger: Logger) async throws {
    let sqlite = try await BenchEnvironment.open(postgresURL: nil, executor: options.executor, logger: logger)
    let workloads = [
        SlicedWorkload(
            name: "echo tasks", unit: "echo task", perSlice: perSlice, sqlite: try await sqlite.echoWorkflow(), postgres: echo),
        SlicedWorkload(
            name: "3-stage pipelines", unit: "pipeline", perSlice: max(1, perSlice / 5), sqlite: try await sqlite.pipelineWorkflow(),
            postgres: try await bench.pipelineWorkflow()),
    ]
    for workload in workloads {
        let (totals, pairRatios) = try await workload.interleave(sqlite: sqlite, postgres: bench, slices: options.slices)
        workload.reportLines(totals, pairRatios, slices: options.slices)
    }
    await sqlite.close(removingFiles: !options.keepFiles)
    if options.keepFiles { report("SQLite data directory kept", sqlite.root.path) }
}

/// One workflow run slice by slice on both stores (`compareStoresInSlices`).
struct SlicedWorkload {
    let name: String
    let unit: String
    let perSlice: Int
    let sqlite: Workflow
    let postgres: Workflow

    /// Both stores' sums, and each slice pair's ratio (SQLite's time over PostgreSQL's).
    func interleave(sqlite: BenchEnvironment, postgres: BenchEnvironment, slices: Int) async throws -> (
        totals: (sqlite: SliceTotals, postgres: SliceTotals), pairRatios: [Double]
    ) {
        // One unmeasured slice each, so neither store's first slice pays for cold caches.
        try await sqlite.run(self.sqlite, count: perSlice)
        try await postgres.run(self.postgres, count: perSlice)
        var totals = (sqlite: SliceTotals(), postgres: SliceTotals())
        var pairRatios: [Double] = []
        for slice in 0..<slices {
            var elapsed = (sqlite: 0.0, postgres: 0.0)
            for sqliteTurn in slice % 2 == 0 ? [true, false] : [false, true] {
                let store = sqliteTurn ? sqlite : postgres
                let phase = try await Phase.measure(store) { try await store.run(sqliteTurn ? self.sqlite : self.postgres, count: perSlice) }
                if sqliteTurn {
                    totals.sqlite.add(phase)
                    elapsed.sqlite = phase.elapsed
                } else {
                    totals.postgres.add(phase)
                    elapsed.postgres = phase.elapsed
                }
            }
            pairRatios.append(elapsed.sqlite / elapsed.postgres)
        }
        return (totals, pairRatios)
    }

    func reportLines(_ totals: (sqlite: SliceTotals, postgres: SliceTotals), _ pairRatios: [Double], slices: Int) {
        let count = Double(perSlice * slices)
        report(
            "\(name)/s in \(slices) slices of \(perSlice), SQLite / PostgreSQL",
            String(format: "%.1f / %.1f", count / totals.sqlite.elapsed, count / totals.postgres.elapsed))
        if let onSQLite = totals.sqlite.machine, let onPostgres = totals.postgres.machine {
            report(
                "machine CPU per \(unit) (ms), SQLite / PostgreSQL",
                String(format: "%.2f / %.2f  (ratio %.2f)", onSQLite / count, onPostgres / count, onSQLite / onPostgres))
        }
        report(
            "server CPU per \(unit) (ms), SQLite / PostgreSQL",
            String(
                format: "%.2f / %.2f  (jobs' own: %.2f / %.2f)", totals.sqlite.server / count, totals.postgres.server / count,
                totals.sqlite.jobs / count, totals.postgres.jobs / count))
        if let postgres = totals.postgres.postgres {
            report("PostgreSQL CPU per \(unit) (ms, its processes here)", String(format: "%.2f", postgres / count))
        }
        let sorted = pairRatios.sorted()
        report(
            "slice pairs' ratio (\(name)): median, lowest, highest",
            String(
                format: "%.2f, %.2f, %.2f  (%d of %d below 0.9)", median(sorted), sorted.first ?? .nan, sorted.last ?? .nan,
                sorted.filter { $0 < 0.9 }.count, sorted.count))
        // Three decimals: a run's ratio is compared with 0.9, and "0.90" may be 0.895.
        report(
            "PostgreSQL / SQLite \(name)/s (target ≥ 0.9)", String(format: "%.3f", totals.sqlite.elapsed / totals.postgres.elapsed))
    }
}

/// One store's sums over its slices: wall time (s) and the machine's busy CPU (ms; nil when unreadable).
struct SliceTotals {
    var elapsed = 0.0
    var machine: Double? = 0
    /// This process's CPU (ms), and its jobs'.
    var server = 0.0
    var jobs = 0.0
    /// PostgreSQL's processes' CPU (ms; nil on SQLite or when unreadable).
    var postgres: Double? = 0

    mutating func add(_ phase: Phase) {
        elapsed += phase.elapsed
        machine = machine.flatMap { total in phase.machine.map { total + $0 } }
        server += phase.used.server
        jobs += phase.used.children
        let used = phase.postgres.start.flatMap { start in phase.postgres.end?.since(start).cpu }
        postgres = postgres.flatMap { total in used.map { total + $0 } }
    }
}
