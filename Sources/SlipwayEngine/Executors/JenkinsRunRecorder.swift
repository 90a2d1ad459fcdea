import Foundation
import SlipwayCore

/// Keeps a pipeline run's `JenkinsRunRecord` and per-step logs, written to the job's artifacts
/// directory after every change so the CI actions see a running build's progress.
actor JenkinsRunRecorder {
    private var record = JenkinsRunRecord()
    private let root: URL
    private var nextStepID: Int
    private var logs: [Int: FileHandle] = [:]
    /// Hides secret values in every line a step logs.
    nonisolated let masker: SecretMasker

    /// `firstStepID`: step ids continue after the stage ids, so every node id is unique.
    init(artifactsDirectory: URL, firstStepID: Int, secrets: [String]) {
        root = artifactsDirectory
        nextStepID = firstStepID
        masker = SecretMasker(secrets)
        try? FileManager.default.createDirectory(
            at: root.appendingPathComponent(JenkinsRunRecord.stepLogDirectory, isDirectory: true), withIntermediateDirectories: true)
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    func addStage(id: Int, name: String, type: String, parentID: Int?) {
        guard !record.stages.contains(where: { $0.id == id }) else { return }
        record.stages.append(JenkinsRunRecord.Stage(id: id, name: name, type: type, parentID: parentID))
        save()
    }

    func startStage(_ id: Int) {
        guard let i = record.stages.firstIndex(where: { $0.id == id }) else { return }
        record.stages[i].state = .running
        record.stages[i].startTime = Self.now()
        save()
    }

    func finishStage(_ id: Int, _ result: JenkinsResult, state: JenkinsState = .finished) {
        guard let i = record.stages.firstIndex(where: { $0.id == id }) else { return }
        record.stages[i].state = state
        record.stages[i].result = result
        if record.stages[i].startTime == 0 { record.stages[i].startTime = Self.now() }
        record.stages[i].durationMillis = max(0, Self.now() - record.stages[i].startTime)
        save()
    }

    func startStep(stageID: Int, name: String, description: String, logLine: Int) -> Int {
        let id = nextStepID
        nextStepID += 1
        var step = JenkinsRunRecord.Step(id: id, stageID: stageID, displayName: name, displayDescription: masker.mask(String(description.prefix(2000))))
        step.startTime = Self.now()
        step.logStart = logLine
        record.steps.append(step)
        save()
        return id
    }

    func finishStep(_ id: Int, _ result: JenkinsResult, logLine: Int, reports: [String] = []) {
        guard let i = record.steps.firstIndex(where: { $0.id == id }) else { return }
        record.steps[i].state = .finished
        record.steps[i].result = result
        record.steps[i].durationMillis = max(0, Self.now() - record.steps[i].startTime)
        record.steps[i].logEnd = logLine
        record.steps[i].reports = reports
        try? logs.removeValue(forKey: id)?.close()
        save()
    }

    /// One line (already masked) of a step's own log.
    func log(step id: Int, _ line: String) {
        if logs[id] == nil {
            let url = Self.stepLog(root, id)
            FileManager.default.createFile(atPath: url.path, contents: nil)
            logs[id] = try? FileHandle(forWritingTo: url)
        }
        logs[id]?.write(Data((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8))
    }

    static func stepLog(_ root: URL, _ id: Int) -> URL {
        root.appendingPathComponent(JenkinsRunRecord.stepLogDirectory, isDirectory: true).appendingPathComponent("\(id).log")
    }

    private func save() {
        guard let data = try? JSONEncoder().encode(record) else { return }
        try? data.write(to: root.appendingPathComponent(JenkinsRunRecord.fileName), options: .atomic)
    }
}
