import Foundation
import SlipwayCore

/// Jenkins Blue Ocean's node JSON, which CODING returns as a string in
/// `StageJsonString` / `StepJsonString`.
enum BlueOceanJSON {
    struct Edge: Encodable {
        var id: String
        var type: String
    }

    struct Node: Encodable {
        var _class: String
        var displayName: String
        var displayDescription: String?
        var durationInMillis: Int64?
        var edges: [Edge]?
        var firstParent: String?
        var id: String
        var input: String?
        var result: String
        var startTime: String?
        var state: String?
        var type: String
    }

    /// `2019-11-06T16:46:12.459+0000`.
    static func time(_ millis: Int64) -> String? {
        guard millis > 0 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// The stages: a top-level stage's edges lead to its parallel branches, or to the next stage.
    static func stages(_ record: JenkinsRunRecord) -> String {
        let top = record.stages.filter { $0.parentID == nil }
        let nodes = record.stages.map { stage -> Node in
            let branches = record.stages.filter { $0.parentID == stage.id }
            var edges = branches.map { Edge(id: String($0.id), type: "PARALLEL") }
            var firstParent = stage.parentID.map(String.init)
            if stage.parentID == nil, let index = top.firstIndex(where: { $0.id == stage.id }) {
                if edges.isEmpty, index + 1 < top.count { edges = [Edge(id: String(top[index + 1].id), type: "STAGE")] }
                if index > 0 { firstParent = String(top[index - 1].id) }
            }
            return Node(
                _class: "io.jenkins.blueocean.rest.impl.pipeline.PipelineNodeImpl", displayName: stage.name, displayDescription: nil,
                durationInMillis: stage.state == .queued ? nil : stage.durationMillis, edges: edges, firstParent: firstParent,
                id: String(stage.id), input: nil, result: stage.result?.rawValue ?? "UNKNOWN",
                startTime: time(stage.startTime), state: stage.state == .queued ? nil : stage.state.rawValue, type: stage.type)
        }
        return encode(nodes)
    }

    /// The steps of one stage.
    static func steps(_ record: JenkinsRunRecord, stageID: Int) -> String {
        let nodes = record.steps.filter { $0.stageID == stageID }.map { step in
            Node(
                _class: "io.jenkins.blueocean.rest.impl.pipeline.PipelineStepImpl", displayName: step.displayName,
                displayDescription: step.displayDescription.isEmpty ? nil : step.displayDescription, durationInMillis: step.durationMillis,
                edges: nil, firstParent: nil, id: String(step.id), input: nil, result: step.result?.rawValue ?? "UNKNOWN",
                startTime: time(step.startTime), state: step.state.rawValue, type: "STEP")
        }
        return encode(nodes)
    }

    static func encode(_ nodes: [Node]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(nodes)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
