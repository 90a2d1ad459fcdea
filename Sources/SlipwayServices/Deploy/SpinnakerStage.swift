import SlipwayCore

/// One stage of a Spinnaker-shaped execution (CD task executions and pipeline executions), with
/// the one task it ran.
enum SpinnakerStage {
    static func make(
        id: String, refID: JSONValue, requisites: JSONValue, type: JSONValue, name: JSONValue, status: String, started: EpochMillis,
        ended: EpochMillis, context: [String: JSONValue], outputs: [String: JSONValue] = [:]
    ) -> JSONValue {
        let task: JSONValue = .object([
            "id": .string("1"), "name": type, "startTime": .number(Double(started)), "endTime": .number(Double(ended)), "status": .string(status),
            "stageStart": .bool(true), "stageEnd": .bool(true),
        ])
        return .object([
            "id": .string(id), "refId": refID, "requisiteStageRefIds": requisites, "type": type, "name": name, "startTime": .number(Double(started)),
            "endTime": .number(Double(ended)), "status": .string(status), "context": .object(context), "outputs": .object(outputs),
            "tasks": .array([task]),
        ])
    }
}
