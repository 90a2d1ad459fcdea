import Foundation
import SlipwayCore
import Yams

/// The pipeline file (`serverless-pipeline.yaml`): YAML read from the commit being deployed.
public enum PipelineFile {
    public static let maxBytes = 512 * 1024

    /// Parse the file into JSON; the shape (`steps:` list of `run:`/`plugin:`) is checked here so a
    /// broken file is refused at dispatch with a clear message.
    public static func parse(_ text: String) throws -> JSONValue {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { throw SlipwayError.invalidInput("pipeline file is not valid YAML: \(error)") }
        let value = json(loaded)
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

    static func json(_ any: Any?) -> JSONValue {
        switch any {
        case nil: return .null
        case let v as Bool: return .bool(v)
        case let v as Int: return .number(Double(v))
        case let v as Double: return .number(v)
        case let v as String: return .string(v)
        case let v as [Any]: return .array(v.map(json))
        case let v as [String: Any]: return .object(v.mapValues(json))
        case let v as [AnyHashable: Any]:
            return .object(Dictionary(v.map { ("\($0.key)", json($0.value)) }, uniquingKeysWith: { a, _ in a }))
        default: return .string("\(any!)")
        }
    }
}
