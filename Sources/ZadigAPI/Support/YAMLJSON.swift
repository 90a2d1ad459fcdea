import Foundation
import SlipwayCore

/// Request bodies Zadig reads as YAML (JSON is valid YAML), turned into a JSON tree within the
/// bounds of `BoundedYAML` (size, nesting, expanded node count).
enum YAMLJSON {
    static let reader = BoundedYAML(maxBytes: 1024 * 1024)

    static func parse(_ text: String) throws -> JSONValue {
        let value: JSONValue?
        do {
            value = try reader.parse(text)
        } catch let refusal as BoundedYAML.Refusal {
            throw ZadigError.badRequest("malformed YAML or JSON body: \(refusal.description)")
        }
        guard let value else { throw ZadigError.badRequest("request body is required") }
        try ZadigInput.refuseNUL(value)
        return value
    }
}
