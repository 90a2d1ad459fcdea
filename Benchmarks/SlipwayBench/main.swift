import Foundation
import Logging
import SlipwayEngine

// slipway-bench: engine latency, throughput, server CPU, memory and the job sandbox's cost on this
// machine (run a release build). Jobs run in the bubblewrap sandbox (the default executor) throughout,
// or on the host with `--executor host`, which shows what the sandbox costs.
//   swift build -c release --product slipway-bench && .build/release/slipway-bench \
//     [--quick] [--postgres URL] [--tasks N] [--compare-stores] [--keep-files] [--only SECTION,...]
// Benchmarks/README.md lists every figure it prints.

let options = BenchOptions.parse(CommandLine.arguments)
var logger = Logger(label: "bench")
logger.logLevel = .error

// Benchmarks with their own entry point (they run instead of the engine sections below).
// One line each: `if options.has("--flag") { try await runThatBenchmark(options, logger: logger); exit(0) }`.
if options.has("--list") { try await ListBench.run(CommandLine.arguments); exit(0) }
if options.has("--agents") { try await AgentBench.run(options, logger: logger); exit(0) }
if options.has("--web") { try await WebRenderBench.run(options, logger: logger); exit(0) }
if options.has("--issues") { try await IssueListBench.run(CommandLine.arguments); exit(0) }
if options.has("--other-lists") { try await OtherListsBench.run(CommandLine.arguments); exit(0) }
if options.has("--git-memory") { try await GitMemoryBench.run(options); exit(0) }

let bench = try await BenchEnvironment.open(postgresURL: options.postgresURL, executor: options.executor, logger: logger)
let idleRSS = rssMiB()
report("store", bench.storeName)
report("RSS idle (MiB)", String(format: "%.1f", idleRSS))
// Without the init program each sandboxed job runs `prlimit` and `setpriv` too: two more programs a job.
if options.executor != "host" {
    let launcher = SandboxSettings().launcher.flatMap { SandboxTools.locate($0) }.map { SandboxLauncher.works($0) ? $0 : "bubblewrap (\($0) cannot run here)" }
    report("sandbox launcher", options.executor == "bubblewrap" ? "bubblewrap (--executor bubblewrap)" : launcher ?? "bubblewrap (slipway-sandbox not built)")
    report("sandbox init program", SandboxTools.locateInit() ?? "missing: jobs run prlimit and setpriv instead (build slipway-sandbox-init)")
}
let echo = try await bench.echoWorkflow()

if options.runs("trigger") {
    try await measureTriggerLatency(bench, echo: echo, count: options.quick ? 30 : 200)
}
if options.runs("throughput") {
    let tasks = options.quick ? 200 : 1000
    let pipelines = options.quick ? 40 : 200
    if options.compareStores && options.slices > 0 {
        try await compareStoresInSlices(bench, echo: echo, perSlice: options.quick ? 20 : 100, options: options, logger: logger)
    } else if options.compareStores {
        try await compareStores(bench, echo: echo, tasks: tasks, pipelines: pipelines, options: options, logger: logger)
    } else {
        _ = try await measureThroughput(bench, echo: echo, tasks: tasks, pipelines: pipelines)
    }
}
if options.runs("logs") {
    try await measureLogDelivery(bench, lines: options.quick ? 100 : 1000)
}
// Further engine sections (one line each), run on `bench` before the sandbox and memory sections.
if options.runs("events") { try await reportTaskEventLatency(bench, tasks: options.quick ? 30 : 200) }

if options.runs("sandbox") {
    try await reportSandboxCost(bench, count: options.quick ? 50 : 300)
}
if options.runs("container") { try await reportContainerStart(bench, count: options.quick ? 10 : 50) }
if options.runs("memory") {
    try await measureMemoryGrowth(bench, tasks: options.memoryTasks, idleRSS: idleRSS)
}

await bench.close(removingFiles: !options.keepFiles)
if options.keepFiles {
    report("data directory kept", bench.root.path)
    if let database = bench.database { report("PostgreSQL database kept", database.name) }
}
