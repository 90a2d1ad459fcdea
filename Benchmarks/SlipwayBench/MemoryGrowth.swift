import Foundation
import SlipwayCore
import SlipwayEngine

/// Section 6. Memory after many finished tasks: one-job echo tasks submitted 200 at a time (the
/// engine runs 8 at once), RSS and the allocator's own figures (`malloc_info`) read as they end.
/// The growth per task is taken after a warm-up, so caches that fill once do not count.
func measureMemoryGrowth(_ bench: BenchEnvironment, tasks: Int, idleRSS: Double) async throws {
    let workflow = try await bench.echoWorkflow("memory")
    let warmUp = min(1000, max(tasks / 10, 1))
    let window = 200
    let start = ContinuousClock.now
    var finished = 0
    func finish(upTo target: Int) async throws {
        while finished < target {
            let count = min(window, target - finished)
            try await bench.run(workflow, count: count)
            finished += count
        }
    }
    try await finish(upTo: warmUp)
    let baseRSS = rssMiB()
    let baseHeap = heapMiB()
    report(
        "RSS / heap in use after a warm-up of \(warmUp) tasks (MiB)",
        String(format: "%.1f / %.1f  (allocator holds %.1f)", baseRSS, baseHeap.inUse, baseHeap.held))
    let checkpoints = stride(from: warmUp, through: tasks, by: max((tasks - warmUp) / 5, 1)).dropFirst()
    for checkpoint in Set(checkpoints + [tasks]).sorted() {
        try await finish(upTo: checkpoint)
        let heap = heapMiB()
        report(
            "  RSS / heap in use after \(checkpoint) tasks (MiB)",
            String(format: "%.1f / %.1f  (allocator holds %.1f)", rssMiB(), heap.inUse, heap.held))
    }
    let elapsed = seconds(since: start)
    let rss = rssMiB()
    let heap = heapMiB()
    let measured = Double(max(tasks - warmUp, 1))
    report(
        "RSS after \(tasks) finished tasks (MiB)",
        String(format: "%.1f  (idle + %.1f, target ≤ idle + 15; %.1f tasks/s)", rss, rss - idleRSS, Double(tasks) / elapsed))
    report("RSS growth per finished task (KiB)", String(format: "%.2f  (over the last %d tasks)", (rss - baseRSS) * 1024 / measured, tasks - warmUp))
    report(
        "heap in use growth per finished task (KiB)",
        String(format: "%.2f  (malloc_info: allocated and not freed)", (heap.inUse - baseHeap.inUse) * 1024 / measured))
}
