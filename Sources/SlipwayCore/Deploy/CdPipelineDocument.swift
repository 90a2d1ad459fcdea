/// A CD pipeline as `PipelineJsonContent` describes it (Spinnaker's pipeline JSON): its
/// application, name and stages, each with a `refId` and the `requisiteStageRefIds` it waits
/// for. Stages of a type Slipway does not run are refused when the pipeline is saved, with the
/// stage's path; the other top-level fields are kept as given.
package struct CdPipelineDocument: Sendable, Equatable {
    package var application: String
    package var name: String
    /// The id the document carries (a modify names the pipeline by it), if any.
    package var id: String?
    package var document: [String: JSONValue]

    /// The stage types Slipway runs, with the fields each needs.
    package static let stageTypes: Set<String> = ["wait", "manualJudgment", "deployHostserver", "script"]
    package static let maxStages = 100
    package static let maxBytes = 512 * 1024

    /// Read `PipelineJsonContent`; throws `invalidInput` naming what is wrong.
    package init(json text: String) throws(SlipwayError) {
        let parsed: JSONValue?
        do {
            parsed = try BoundedYAML(maxBytes: Self.maxBytes, maxDepth: 32, maxNodes: 50_000).parse(text)
        } catch {
            throw .invalidInput("PipelineJsonContent is not valid JSON: \(error)")
        }
        guard case .object(let root)? = parsed, text.drop(while: \.isWhitespace).first == "{" else {
            throw .invalidInput("PipelineJsonContent must be a JSON object")
        }
        guard let application = root["application"]?.string, CdApplication.nameProblem(application) == nil else {
            throw .invalidInput("PipelineJsonContent.application must name an application")
        }
        guard let name = root["name"]?.string, !name.isEmpty, name.count <= 128, !name.contains("/") else {
            throw .invalidInput("PipelineJsonContent.name must be 1 to 128 characters without '/'")
        }
        if let triggers = root["triggers"], triggers != .array([]) {
            throw .invalidInput("PipelineJsonContent.triggers: pipeline triggers are not supported yet; trigger with TriggerCdPipeline")
        }
        guard case .array(let stages)? = root["stages"] else { throw .invalidInput("PipelineJsonContent.stages must be an array") }
        guard stages.count <= Self.maxStages else { throw .invalidInput("PipelineJsonContent.stages holds at most \(Self.maxStages) stages") }
        try Self.checkStages(stages)
        self.application = application
        self.name = name
        self.id = root["id"]?.string
        self.document = root
    }

    /// The agent machines the stages name (`agentMachineId`), with each field's path.
    package var agentMachines: [(path: String, id: Int64)] {
        (document["stages"]?.array ?? []).enumerated().compactMap { index, stage in
            stage["agentMachineId"].int.map { ("PipelineJsonContent.stages[\(index)].agentMachineId", Int64($0)) }
        }
    }

    /// The repositories `script` stages take their script from (`repoUrl`), with each field's path.
    package var scriptRepositories: [(path: String, url: String)] {
        (document["stages"]?.array ?? []).enumerated().compactMap { index, stage in
            guard stage["type"].string == "script", let url = stage["repoUrl"].string, !url.isEmpty else { return nil }
            return ("PipelineJsonContent.stages[\(index)].repoUrl", url)
        }
    }

    /// Each stage's type and fields, unique `refId`s, and requisites that exist and form no cycle.
    static func checkStages(_ stages: [JSONValue]) throws(SlipwayError) {
        var requisites: [String: [String]] = [:]
        var order: [String] = []
        for (index, stage) in stages.enumerated() {
            let path = "PipelineJsonContent.stages[\(index)]"
            guard case .object(let fields) = stage else { throw .invalidInput("\(path) must be an object") }
            guard let refID = fields["refId"]?.string, !refID.isEmpty else { throw .invalidInput("\(path).refId is required") }
            guard requisites[refID] == nil else { throw .invalidInput("\(path).refId \(refID) is used twice") }
            let type = fields["type"]?.string ?? ""
            guard stageTypes.contains(type) else {
                throw .invalidInput("\(path).type \(type.debugDescription) is not a stage Slipway runs (\(stageTypes.sorted().joined(separator: ", ")))")
            }
            try checkFields(of: type, fields, at: path)
            let needs = fields["requisiteStageRefIds"]?.array ?? []
            guard needs.allSatisfy({ $0.string != nil }) else { throw .invalidInput("\(path).requisiteStageRefIds must list refIds") }
            requisites[refID] = needs.compactMap(\.string)
            order.append(refID)
        }
        for refID in order {
            if let missing = requisites[refID]?.first(where: { requisites[$0] == nil }) {
                throw .invalidInput("stage \(refID) waits for stage \(missing), which does not exist")
            }
        }
        var state: [String: Bool] = [:]  // false: being visited, true: done
        func visit(_ refID: String) throws(SlipwayError) {
            if state[refID] == true { return }
            if state[refID] == false { throw .invalidInput("the stages' requisiteStageRefIds form a cycle through stage \(refID)") }
            state[refID] = false
            for next in requisites[refID] ?? [] { try visit(next) }
            state[refID] = true
        }
        for refID in order { try visit(refID) }
    }

    static func checkFields(of type: String, _ fields: [String: JSONValue], at path: String) throws(SlipwayError) {
        switch type {
        case "wait":
            guard let seconds = fields["waitTime"]?.int, (0...86_400).contains(seconds) else {
                throw .invalidInput("\(path).waitTime must be 0 to 86400 seconds")
            }
        case "deployHostserver":
            do { _ = try CdHostDeployStage(SpecReader(.object(fields), path: path)) } catch { throw error.slipwayError }
        case "script":
            do { _ = try CdScriptStage(SpecReader(.object(fields), path: path)) } catch { throw error.slipwayError }
        default:
            if let instructions = fields["instructions"], instructions.string == nil {
                throw .invalidInput("\(path).instructions must be a string")
            }
        }
    }
}
