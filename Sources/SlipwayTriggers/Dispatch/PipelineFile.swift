import Foundation
import SlipwayCore

/// The pipeline file (`serverless-pipeline.yaml`): YAML read from the commit being deployed.
package enum PipelineFile {
    package static let maxBytes = 512 * 1024

    /// Parse the file into JSON; the shape (`steps:` list of `run:`/`plugin:`) is checked here so a
    /// broken file is refused at dispatch with a clear message.
    package static func parse(_ text: String) throws -> JSONValue {
        let value = try read(text, what: "pipeline file", maxBytes: maxBytes)
        guard case .object = value else { throw SlipwayError.invalidInput("pipeline file must be a mapping with steps:") }
        let steps = value["steps"].array
        guard !steps.isEmpty else { throw SlipwayError.invalidInput("pipeline file has no steps") }
        for (i, step) in steps.enumerated() {
            guard case .object = step, step["run"].string != nil || step["plugin"].string != nil else {
                throw SlipwayError.invalidInput("pipeline step \(i + 1) needs run: or plugin:")
            }
        }
        return value
    }

    /// User-supplied YAML (a pipeline file, a plugin manifest) as JSON, within `BoundedYAML`'s limits.
    static func read(_ text: String, what: String, maxBytes: Int) throws -> JSONValue {
        do {
            return try BoundedYAML(maxBytes: maxBytes).parse(text) ?? .null
        } catch let refusal as BoundedYAML.Refusal {
            throw SlipwayError.invalidInput("\(what) refused: \(refusal.description)")
        }
    }

}
