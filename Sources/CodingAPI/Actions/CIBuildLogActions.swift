import SlipwayCore
import SlipwayServices

/// CODING CI build logs: the whole console log (incremental or raw) and one step's log.
struct CIBuildLogActions: Sendable {
    /// The most text one incremental call returns.
    static let chunk = 1 << 20

    /// DescribeCodingCIBuildLog → `Data{Log, MoreData, TextDelivered, TextSize}` from byte `Start`.
    @Sendable func describeCodingCIBuildLog(_ call: ActionCall) async throws -> any ActionOutput {
        let start = try Self.start(call)
        let state = try await CIBuildActions().build(call)
        return Self.slice(CIService(call.services.context).log(state), from: start, running: !(state.task?.status.isCompleted ?? false))
    }

    /// DescribeCodingCIBuildLogRaw → `Data{Raw}`: the log from byte `Start` to its end.
    @Sendable func describeCodingCIBuildLogRaw(_ call: ActionCall) async throws -> any ActionOutput {
        let start = try Self.start(call)
        let state = try await CIBuildActions().build(call)
        let bytes = Array(CIService(call.services.context).log(state).utf8)
        return CIRawLogOutput(Data: .init(Raw: String(decoding: bytes[Self.boundary(bytes, min(start, bytes.count))...], as: UTF8.self)))
    }

    /// DescribeCodingCIBuildStepLog → the log of step `StepId` of stage `StageId`, from byte `Start`.
    @Sendable func describeCodingCIBuildStepLog(_ call: ActionCall) async throws -> any ActionOutput {
        let start = try Self.start(call)
        let stageID = try call.parameters.int("StageId"), stepID = try call.parameters.int("StepId")
        let state = try await CIBuildActions().build(call)
        let text = try CIService(call.services.context).stepLog(state, stageID: Int(stageID), stepID: Int(stepID))
        let finished = state.record?.steps.first { $0.id == Int(stepID) }?.state == .finished
        return Self.slice(text, from: start, running: !finished)
    }

    static func start(_ call: ActionCall) throws -> Int {
        let start = try call.parameters.optionalInt("Start") ?? 0
        guard start >= 0 else { throw CodingError.invalidValue("Start", "must be >= 0") }
        return Int(min(start, Int64(Int32.max)))
    }

    /// At most `chunk` bytes of `text` from `start`, cut at character boundaries; `MoreData`
    /// while more is written or left to read.
    static func slice(_ text: String, from start: Int, running: Bool) -> CILogOutput {
        let bytes = Array(text.utf8)
        let from = boundary(bytes, min(start, bytes.count))
        let to = boundary(bytes, min(bytes.count, from + chunk))
        return CILogOutput(
            Data: .init(
                Log: String(decoding: bytes[from..<to], as: UTF8.self), MoreData: running || to < bytes.count, TextDelivered: to,
                TextSize: bytes.count))
    }

    /// `index` moved back to the start of the UTF-8 character it falls in.
    static func boundary(_ bytes: [UInt8], _ index: Int) -> Int {
        var i = index
        while i > 0, i < bytes.count, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }
}
