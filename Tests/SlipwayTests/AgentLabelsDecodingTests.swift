import Foundation
import SlipwayCore
import Testing

/// A freestyle job asks for agents with Zadig's `vm_labels` (under `properties`, or at the top of
/// its spec); the labels become its placement, and a bad shape is refused with its path.
@Suite struct AgentLabelsDecodingTests {
    static func plan(_ spec: String) throws(JobPlanError) -> JobPlan {
        let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(spec.utf8))) ?? .null
        return try JobPlan(type: .freestyle, spec: value)
    }

    static let step = #""steps":[{"name":"run","type":"shell","spec":{"script":"true"}}]"#

    @Test func labelsComeFromPropertiesOrTheSpec() throws {
        #expect(try Self.plan(#"{"properties":{"vm_labels":["linux"," big ","linux",""]},\#(Self.step)}"#).placement.labels == ["linux", "big"])
        #expect(try Self.plan(#"{"vm_labels":"linux, arm",\#(Self.step)}"#).agentLabels == ["linux", "arm"])
        #expect(try Self.plan(#"{"script":"true","vm_labels":["gpu"]}"#).agentLabels == ["gpu"])
        #expect(try Self.plan(#"{\#(Self.step)}"#).placement == JobPlacement())
        // Rendering templates keeps the labels.
        let rendered = try Self.plan(#"{"vm_labels":["linux"],\#(Self.step)}"#).mapTemplates(script: { $0 }, text: { $0 })
        #expect(rendered.agentLabels == ["linux"])
    }

    @Test func aBadShapeIsRefusedWithItsPath() {
        #expect(throws: JobPlanError(path: "spec.properties.vm_labels", problem: "expected an array")) {
            try Self.plan(#"{"properties":{"vm_labels":{"a":1}},\#(Self.step)}"#)
        }
        #expect(throws: JobPlanError(path: "spec.vm_labels[0]", problem: "expected a string")) {
            try Self.plan(#"{"vm_labels":[["x"]],\#(Self.step)}"#)
        }
    }
}
