import Foundation
import SQLKit
import SlipwayCore
import SlipwayStore

/// What the PostgreSQL server did over a measured phase, for the throughput section: how many
/// write transactions it began (its next transaction id moves by one for each, on the whole
/// server) and, when it runs on this machine, the CPU its processes used (those
/// `pg_stat_activity` lists, read from /proc). Every commit of a write waits for its WAL to be
/// flushed (about 30 % of PostgreSQL's CPU on a task's writes in a profile on a 2-core VM); SQLite
/// in WAL mode with `synchronous=NORMAL` flushes only at checkpoints. A process that ends within
/// the phase takes its CPU with it, so the CPU is a floor.
struct PostgresCost {
    /// The next transaction id to be assigned.
    var nextTransaction: Int64
    /// CPU used so far by each server process on this machine, in ms (empty when none is readable).
    var cpu: [Int32: Double]

    /// The server's figures now, or nil when the store is not PostgreSQL or the query fails.
    static func sample(_ bench: BenchEnvironment) async -> PostgresCost? {
        guard bench.database != nil else { return nil }
        do {
            let (next, pids) = try await bench.store.sql.read { db in
                let next = try await db.raw("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next")
                    .first(decodingColumn: "next", as: Int64.self)
                let pids = try await db.raw("SELECT pid FROM pg_stat_activity").all().map { try $0.decode(column: "pid", as: Int32.self) }
                return (next, pids)
            }
            guard let next else { return nil }
            var cpu: [Int32: Double] = [:]
            for pid in pids { if let used = postgresCPU(pid) { cpu[pid] = used } }
            return PostgresCost(nextTransaction: next, cpu: cpu)
        } catch {
            return nil
        }
    }

    /// Write transactions begun since `earlier`, and the CPU (ms) used since then by the processes
    /// still there now, a process begun since counted whole (nil when none was readable).
    func since(_ earlier: PostgresCost) -> (transactions: Int64, cpu: Double?) {
        guard !cpu.isEmpty else { return (nextTransaction - earlier.nextTransaction, nil) }
        let used = cpu.reduce(0.0) { total, entry in total + entry.value - (earlier.cpu[entry.key] ?? 0) }
        return (nextTransaction - earlier.nextTransaction, used)
    }

    /// Report the phase's figures per unit (`per`: "echo task", "pipeline") over `count` units.
    static func reportPhase(from start: PostgresCost?, to end: PostgresCost?, per unit: String, count: Int, label: String) {
        guard let start, let end else { return }
        let (transactions, cpu) = end.since(start)
        report(
            "PostgreSQL write transactions per \(unit) (whole server)\(label)", String(format: "%.2f", Double(transactions) / Double(count)))
        if let cpu {
            report("PostgreSQL CPU per \(unit) (ms, its processes here)\(label)", String(format: "%.2f", cpu / Double(count)))
        }
    }

    /// User + system CPU (ms) of process `pid` when it is a PostgreSQL process on this machine.
    private static func postgresCPU(_ pid: Int32) -> Double? {
        let proc = URL(fileURLWithPath: "/proc/\(pid)")
        guard WholeFile.text(at: proc.appendingPathComponent("comm"))?.hasPrefix("postgres") == true,
            let stat = WholeFile.text(at: proc.appendingPathComponent("stat")),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return milliseconds(ofClockTicks: user + system)
    }
}
