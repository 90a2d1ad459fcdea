import Yams

/// The one YAML (and so JSON) reader for text a user sends: workflow definitions, pipeline files,
/// plugin manifests. It refuses, within milliseconds, what would cost unbounded time or memory:
/// - input over `maxBytes`;
/// - nesting deeper than `maxDepth` (checked on the text before the recursive composer runs);
/// - more than `maxNodes` nodes once aliases are expanded (a "billion laughs" document is a few
///   hundred bytes whose aliases expand to 10⁹ nodes: the count stops at the limit).
package struct BoundedYAML: Sendable {
    package var maxBytes: Int
    package var maxDepth: Int
    package var maxNodes: Int

    package init(maxBytes: Int = 512 * 1024, maxDepth: Int = 64, maxNodes: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    /// Why an input was refused; the message names the limit.
    package struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        package var description: String
    }

    /// Parse one document into JSON. nil for an empty document.
    package func parse(_ text: String) throws -> JSONValue? {
        guard text.utf8.count <= maxBytes else { throw Refusal(description: "larger than \(maxBytes) bytes") }
        guard !text.utf8.contains(0) else { throw Refusal(description: "contains a NUL character") }
        let depth = Self.nestingBound(text)
        guard depth <= maxDepth else { throw Refusal(description: "nested deeper than \(maxDepth) levels") }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw Refusal(description: "not valid YAML or JSON: \(String(describing: error).prefix(300))")
        }
        guard let node else { return nil }
        var budget = Budget(nodes: maxNodes, depth: maxDepth)
        return try budget.convert(node, depth: 0)
    }

    /// An upper bound of the document's nesting, from the text alone: per line, its indentation
    /// and the block indicators (`- `, `? `) that lead it, plus the flow brackets (`[`, `{`) open
    /// so far, whether or not they stand inside quotes (so the bound is never too low).
    package static func nestingBound(_ text: String) -> Int {
        let space = UInt8(ascii: " "), dash = UInt8(ascii: "-"), question = UInt8(ascii: "?")
        var flow = 0
        var deepest = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var lead = 0
            var leading = true
            var previous = space
            for byte in line {
                if leading {
                    if byte == space {
                        lead += previous == space ? 1 : 0
                    } else if byte == dash || byte == question {
                        lead += 2
                    } else {
                        leading = false
                    }
                }
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    flow += 1
                    deepest = max(deepest, flow + lead / 2)
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    flow = max(0, flow - 1)
                }
                previous = byte
            }
            deepest = max(deepest, flow + lead / 2)
        }
        return deepest
    }

    /// Counts what the conversion visits: the composer shares an anchored subtree with each of its
    /// aliases, so a shared subtree counts every time it appears.
    private struct Budget {
        var nodes: Int
        let depth: Int

        mutating func convert(_ node: Node, depth level: Int) throws -> JSONValue {
            nodes -= 1
            guard nodes >= 0 else { throw Refusal(description: "more than the allowed number of nodes (aliases expand too far)") }
            guard level <= depth else { throw Refusal(description: "nested deeper than \(depth) levels") }
            switch node {
            case .scalar:
                return Self.scalar(node)
            case .mapping(let mapping):
                var object: [String: JSONValue] = [:]
                for (key, value) in mapping {
                    object[key.string ?? ""] = try convert(value, depth: level + 1)
                }
                return .object(object)
            case .sequence(let sequence):
                var array: [JSONValue] = []
                array.reserveCapacity(sequence.count)
                for element in sequence { array.append(try convert(element, depth: level + 1)) }
                return .array(array)
            case .alias:
                return .null
            }
        }

        static func scalar(_ node: Node) -> JSONValue {
            switch Tag.Name(rawValue: node.tag.description) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(node.string ?? "")
            case .int: return node.int.map { .number(Double($0)) } ?? .string(node.string ?? "")
            case .float: return node.float.map(JSONValue.number) ?? .string(node.string ?? "")
            default: return .string(node.string ?? "")
            }
        }
    }
}
