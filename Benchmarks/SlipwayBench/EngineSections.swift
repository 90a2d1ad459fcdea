import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// Section 1. Trigger → first step running: bash stamps `$EPOCHREALTIME` as its first act.
func measureTriggerLatency(_ bench: BenchEnvironment, echo: Workflow, count: Int) async throws {
    var latencies: [Double] = []
    for _ in 0..<count {
        let t0 = Date().timeIntervalSince1970
        let task = try await bench.engine.submit(echo, RunRequest(creator: bench.admin.uid))
        await bench.engine.waitUntilIdle()
        let done = try await bench.store.tasks.get(workflowKey: echo.key, taskID: task.taskID)
        if let stamp = done?.stages.first?.jobs.first?.outputs["T"], let t1 = Double(stamp) {
            latencies.append((t1 - t0) * 1000)
        }
    }
    report(
        "trigger → first step running, p50 / p99 (ms)",
        String(format: "%.2f / %.2f  (n=%d)", percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.count))
}

/// What the throughput section measured on one store.
struct Throughput {
    var tasksPerSecond: Double
    var pipelinesPerSecond: Double
    /// The whole machine's busy CPU per echo task, in ms (nil when /proc/stat is unreadable).
    var machinePerTask: Double?
}

/// Sections 2 and 3. One-job echo tasks, 8 running at once; then three-stage pipelines (four
/// parallel jobs in the middle), with the server's CPU per pipeline (this process's user + system
/// time over the section) apart from the jobs' (the reaped job processes: bubblewrap, bash).
func measureThroughput(_ bench: BenchEnvironment, echo: Workflow, tasks: Int, pipelines: Int, label: String = "") async throws -> Throughput {
    let echoPhase = try await Phase.measure(bench) { try await bench.run(echo, count: tasks) }
    let tasksPerSecond = Double(tasks) / echoPhase.elapsed
    report("echo tasks/s (8 concurrent)\(label)", String(format: "%.1f  (%d tasks in %.2f s)", tasksPerSecond, tasks, echoPhase.elapsed))
    report(
        "server CPU per echo task (ms)\(label)",
        String(format: "%.2f  (jobs' own: %.2f)", echoPhase.used.server / Double(tasks), echoPhase.used.children / Double(tasks)))
    echoPhase.reportCosts(per: "echo task", count: tasks, label: label)

    let pipeline = try await bench.pipelineWorkflow()
    let pipelinePhase = try await Phase.measure(bench) { try await bench.run(pipeline, count: pipelines) }
    let pipelinesPerSecond = Double(pipelines) / pipelinePhase.elapsed
    report(
        "3-stage pipelines/s (4 parallel jobs in stage 2)\(label)",
        String(format: "%.1f  (%d in %.2f s)", pipelinesPerSecond, pipelines, pipelinePhase.elapsed))
    report("server CPU per pipeline (ms, target ≤ 15)\(label)", String(format: "%.2f", pipelinePhase.used.server / Double(pipelines)))
    report("jobs' CPU per pipeline (ms, the 6 reaped job processes)\(label)", String(format: "%.2f", pipelinePhase.used.children / Double(pipelines)))
    pipelinePhase.reportCosts(per: "pipeline", count: pipelines, label: label)
    return Throughput(
        tasksPerSecond: tasksPerSecond, pipelinesPerSecond: pipelinesPerSecond, machinePerTask: echoPhase.machine.map { $0 / Double(tasks) })
}

/// What one measured phase of the throughput section took: wall time, this process's CPU and its
/// jobs', the whole machine's CPU (ms; nil when /proc/stat is unreadable), and PostgreSQL's
/// figures at both ends (nil on SQLite).
struct Phase {
    var elapsed: Double
    var used: CPUTimes
    var machine: Double?
    var postgres: (start: PostgresCost?, end: PostgresCost?)

    static func measure(_ bench: BenchEnvironment, _ body: () async throws -> Void) async throws -> Phase {
        let postgres = await PostgresCost.sample(bench)
        let machine = machineBusyMilliseconds()
        let start = ContinuousClock.now
        let cpu = CPUTimes.now()
        try await body()
        let elapsed = seconds(since: start)
        let used = CPUTimes.now() - cpu
        let machineUsed = machineBusyMilliseconds().flatMap { end in machine.map { end - $0 } }
        return Phase(elapsed: elapsed, used: used, machine: machineUsed, postgres: (postgres, await PostgresCost.sample(bench)))
    }

    /// PostgreSQL's lines (on PostgreSQL) and the machine's CPU, per `unit` over `count` of them.
    func reportCosts(per unit: String, count: Int, label: String) {
        PostgresCost.reportPhase(from: postgres.start, to: postgres.end, per: unit, count: count, label: label)
        if let machine { report("machine CPU per \(unit) (ms, every process)\(label)", String(format: "%.2f", machine / Double(count))) }
    }
}

/// Section 4. Step write → live subscriber: the job stamps each line; the in-process subscriber
/// and an SSE client over loopback HTTP compare on receipt.
func measureLogDelivery(_ bench: BenchEnvironment, lines: Int) async throws {
    let chatty = try await bench.workflow(
        "chatty",
        stages: [
            StageDefinition(
                name: "s", parallel: false,
                jobs: [BenchEnvironment.shellJob("talk", "sleep 0.3; for i in $(seq 1 \(lines)); do echo $EPOCHREALTIME; sleep 0.002; done")])
        ])
    let chattyTask = try await bench.engine.submit(chatty, RunRequest(creator: bench.admin.uid))
    let key = LogKey(workflowKey: chatty.key, taskID: chattyTask.taskID, jobName: "talk")
    var stream: AsyncStream<LogLine>?
    for _ in 0..<200 {
        if await bench.engine.logs.isLive(key) {
            stream = await bench.engine.logs.subscribe(key, afterLine: 1)
            break
        }
        try await Task.sleep(for: .milliseconds(5))
    }
    var delivery: [Double] = []
    if let stream {
        for await line in stream {
            if let sent = Double(line.text) { delivery.append((Date().timeIntervalSince1970 - sent) * 1000) }
        }
    }
    await bench.engine.waitUntilIdle()
    report(
        "step write → in-process log subscriber, p50 / p99 (ms)",
        String(format: "%.2f / %.2f  (n=%d)", percentile(delivery, 0.5), percentile(delivery, 0.99), delivery.count))

    let token = try await bench.store.tokens.issue(userUID: bench.admin.uid, name: "bench").secret
    let sse = try await measureSSEOverHTTP(
        store: bench.store, engine: bench.engine, token: token, workflow: chatty, jobName: "talk", creator: bench.admin.uid, logger: bench.logger)
    report("step write → SSE client over HTTP, p50 / p99 (ms)", String(format: "%.2f / %.2f  (n=%d)", percentile(sse, 0.5), percentile(sse, 0.99), sse.count))
}

/// Section 5. The sandbox's cost per job: one process on the host vs under bubblewrap (interleaved runs).
func reportSandboxCost(_ bench: BenchEnvironment, count: Int) async throws {
    let cost = try await measureSandboxCost(root: bench.root, count: count)
    let hostMean = cost.host.reduce(0, +) / Double(cost.host.count)
    let sandboxMean = cost.sandbox.reduce(0, +) / Double(cost.sandbox.count)
    report(
        "one-process job on the host, p50 / p99 / mean (ms)",
        String(format: "%.2f / %.2f / %.2f  (n=%d)", percentile(cost.host, 0.5), percentile(cost.host, 0.99), hostMean, cost.host.count))
    report(
        "same job in the sandbox, p50 / p99 / mean (ms)",
        String(
            format: "%.2f / %.2f / %.2f  (n=%d)", percentile(cost.sandbox, 0.5), percentile(cost.sandbox, 0.99), sandboxMean, cost.sandbox.count))
    report(
        "sandbox cost per job, p50 / mean (ms, target ≤ 10)",
        String(format: "%.2f / %.2f", percentile(cost.sandbox, 0.5) - percentile(cost.host, 0.5), sandboxMean - hostMean))
}
