import Foundation
import SlipwayCore
import Testing

/// Where a job's image comes from (issue 13.1): a plugin's declared `image`, Zadig's build OS
/// setting of a freestyle job (`properties.build_os` with `image_from: custom`, or a plain
/// reference), a Serverless Devs pipeline file's `image` (file-wide, or a step's own). Bad
/// references are refused with the path of the field; a Zadig OS name keeps the server's executor.
@Suite struct JobPlanImageTests {
    static func plan(_ type: JobType, _ spec: String) throws -> JobPlan {
        try JobPlan(type: type, spec: try JobPlanDecodingTests.json(spec), path: "spec")
    }

    static func refusal(_ type: JobType, _ spec: String) -> String? {
        do {
            _ = try plan(type, spec)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func pipeline(_ file: String) -> String {
        #"{"repo_url":"r","commit":"c","pipeline":\#(Harness.jsonString(file))}"#
    }

    @Test func pluginRunsInItsDeclaredImage() throws {
        let spec = #"{"plugin":{"name":"p","image":"registry.example.com/team/tool:1.2@sha256:abc","cmds":["sh"]}}"#
        #expect(try Self.plan(.plugin, spec).containerImage == "registry.example.com/team/tool:1.2@sha256:abc")
        #expect(try Self.plan(.plugin, spec).placement == JobPlacement(image: "registry.example.com/team/tool:1.2@sha256:abc"))
        #expect(try Self.plan(.plugin, #"{"plugin":{"name":"p","image":"","cmds":["sh"]}}"#).containerImage == nil)
        #expect(try Self.plan(.plugin, #"{"name":"p","cmds":["sh"]}"#).containerImage == nil)
        #expect(
            Self.refusal(.plugin, #"{"plugin":{"image":"--privileged","cmds":["sh"]}}"#)
                == #"spec.plugin.image: an image reference starts with a lowercase letter or a digit (got "--privileged")"#)
        #expect(Self.refusal(.plugin, #"{"plugin":{"image":"alpine; rm -rf /","cmds":["sh"]}}"#)?.contains("may only hold") == true)
        #expect(Self.refusal(.plugin, #"{"plugin":{"image":{"no":"text"},"cmds":["sh"]}}"#) == "spec.plugin.image: expected a string")
    }

    @Test func freestyleTakesAnImageAsZadigsBuildOSSettingDoes() throws {
        func image(_ properties: String) throws -> String? {
            try Self.plan(.freestyle, #"{"properties":\#(properties),"script":"true"}"#).containerImage
        }
        #expect(try image(#"{"build_os":"focal","image_from":"koderover"}"#) == nil, "Zadig's own build-base OS: the server's executor")
        #expect(try image(#"{"build_os":"focal"}"#) == nil)
        #expect(try image(#"{"build_os":"my-build-image","image_from":"custom"}"#) == "my-build-image")
        #expect(try image(#"{"build_os":"docker.io/library/golang:1.22","image_id":"630abc"}"#) == "docker.io/library/golang:1.22")
        #expect(try image(#"{"timeout":60}"#) == nil)
        #expect(
            Self.refusal(.freestyle, #"{"properties":{"build_os":"Has Space:1","image_from":"custom"}}"#)
                == #"spec.properties.build_os: an image reference starts with a lowercase letter or a digit (got "Has Space:1")"#)
        #expect(Self.refusal(.freestyle, #"{"properties":["x"]}"#) == "spec.properties: expected an object")
        // A template is checked once rendered: the rendered value decides.
        let templated = try Self.plan(.freestyle, #"{"properties":{"build_os":"{{.workflow.params.os}}"},"script":"true"}"#)
        #expect(templated.mapTemplates(script: { $0 }, text: { $0.replacingOccurrences(of: "{{.workflow.params.os}}", with: "focal") }).containerImage == nil)
        #expect(
            templated.mapTemplates(script: { $0 }, text: { $0.replacingOccurrences(of: "{{.workflow.params.os}}", with: "reg.example/b:2") })
                .containerImage == "reg.example/b:2")
    }

    @Test func serverlessPipelineStepsTakeTheFilesImageOrTheirOwn() throws {
        let file = #"{"image":"localhost/base:1","steps":[{"run":"echo a"},{"run":"echo b","image":"localhost/other:2"}]}"#
        let plan = try Self.plan(.serverlessPipeline, Self.pipeline(file))
        #expect(plan.containerImage == "localhost/base:1")
        let parsed = try #require(ServerlessPipelineFile.parse(file))
        #expect(parsed.steps.map { parsed.image(of: $0) } == ["localhost/base:1", "localhost/other:2"])
        #expect(try Self.plan(.serverlessPipeline, Self.pipeline(#"{"steps":[{"run":"x"}]}"#)).containerImage == nil)
        #expect(
            Self.refusal(.serverlessPipeline, Self.pipeline(#"{"steps":[{"run":"x"},{"run":"y","image":"bad image"}]}"#))
                == #"spec.pipeline.steps[1].image: an image reference may only hold letters, digits and . _ - / : @ (got "bad image")"#)
        #expect(Self.refusal(.serverlessPipeline, Self.pipeline(#"{"image":["x"],"steps":[]}"#)) == "spec.pipeline.image: expected a string")
    }

    @Test func imageReferencesAreBoundedAndPlain() {
        #expect(ContainerImageReference.problem("alpine") == nil)
        #expect(ContainerImageReference.problem("localhost:5000/a_b/c-d.e:TAG-1") == nil)
        #expect(ContainerImageReference.problem("") != nil)
        #expect(ContainerImageReference.problem(String(repeating: "a", count: 256))?.contains("at most 255") == true)
        #expect(ContainerImageReference.problem("a/") != nil)
        #expect(ContainerImageReference.problem("a\nb") != nil)
        #expect(ContainerImageReference.problem("$(id)") != nil)
    }
}
