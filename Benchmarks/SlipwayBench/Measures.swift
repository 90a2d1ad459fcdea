import Foundation
import SlipwayCore

#if canImport(Glibc)
    import Glibc
#endif

/// The resident set size of this process, in MiB (`VmRSS` of /proc/self/status).
func rssMiB() -> Double {
    guard let status = WholeFile.text(at: URL(fileURLWithPath: "/proc/self/status")),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kb / 1024
}

/// The allocator's figures in MiB (see `HeapStatistics`): bytes in use, and bytes it holds.
func heapMiB() -> (inUse: Double, held: Double) {
    guard let heap = HeapStatistics.current() else { return (.nan, .nan) }
    return (Double(heap.inUse) / 1_048_576, Double(heap.held) / 1_048_576)
}

/// CPU time (user + system, in ms) this process used, and what its waited-for children used.
struct CPUTimes {
    var server: Double
    var children: Double

    static func now() -> CPUTimes {
        CPUTimes(server: milliseconds(RUSAGE_SELF), children: milliseconds(RUSAGE_CHILDREN))
    }

    static func - (lhs: CPUTimes, rhs: CPUTimes) -> CPUTimes {
        CPUTimes(server: lhs.server - rhs.server, children: lhs.children - rhs.children)
    }

    private static func milliseconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(who.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec) / 1000
        let system = Double(usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_stime.tv_usec) / 1000
        return user + system
    }
}

/// The whole machine's busy CPU time so far, in ms: user, nice, system, irq and softirq of
/// /proc/stat's `cpu` line (not idle, iowait, or steal: time the hypervisor gave another machine)
/// (nil when unreadable). Over a phase it counts what the store's server, the kernel's work for
/// the disk and whatever else runs cost too, not only this process and its jobs.
func machineBusyMilliseconds() -> Double? {
    guard let stat = WholeFile.text(at: URL(fileURLWithPath: "/proc/stat")),
        let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") })
    else { return nil }
    let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard ticks.count >= 7 else { return nil }
    return milliseconds(ofClockTicks: ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6])
}

/// Clock ticks of /proc's CPU counters, in ms.
func milliseconds(ofClockTicks ticks: Double) -> Double {
    ticks * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// One result line: the metric's name, then its value.
func report(_ name: String, _ value: String) {
    // Unbuffered, so progress shows even when stdout is a file.
    FileHandle.standardOutput.write(Data((String(format: "%-58@ %@", name as NSString, value as NSString) + "\n").utf8))
}
