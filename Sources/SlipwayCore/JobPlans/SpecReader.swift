import Foundation

/// Why a job spec does not decode: the path of the bad field and what is wrong with it.
package struct JobPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the bad field is, e.g. `stages[0].jobs[1].spec.steps[2].spec.script`.
    package var path: String
    /// What is wrong, e.g. `expected a string`.
    package var problem: String

    package init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    package var description: String { "\(path): \(problem)" }

    /// The error as the dialects report it.
    package var slipwayError: SlipwayError { .invalidInput(description) }
}

/// A part of a job spec being decoded, with the path that leads to it.
///
/// Lenient where Zadig and today's definitions are: an absent or `null` field is "not set",
/// unknown keys are ignored, a number or boolean where text is expected is read as its text, and
/// a number written as text is read as the number. Only a value of the wrong shape (an object
/// where text is expected, text where a list is expected, …) is refused.
package struct SpecReader: Sendable {
    package let value: JSONValue
    package let path: String

    package init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    /// The field `key` of this object (absent when this is not an object).
    package subscript(key: String) -> SpecReader {
        SpecReader(value[key], path: path.isEmpty ? key : "\(path).\(key)")
    }

    package var isAbsent: Bool { value.isNull }

    package func failure(_ problem: String) -> JobPlanError { JobPlanError(path: path, problem: problem) }

    /// Text, or nil when absent.
    package func optionalString() throws(JobPlanError) -> String? {
        switch value {
        case .null: return nil
        case .string, .number, .bool: return value.string
        case .array, .object: throw failure("expected a string")
        }
    }

    /// The first of this field and `fallbacks` that is set.
    package func optionalString(or fallbacks: SpecReader...) throws(JobPlanError) -> String? {
        for reader in [self] + fallbacks {
            if let text = try reader.optionalString() { return text }
        }
        return nil
    }

    package func string(default fallback: String = "") throws(JobPlanError) -> String {
        try optionalString() ?? fallback
    }

    /// Text that is absent when empty.
    package func nonEmptyString() throws(JobPlanError) -> String? {
        guard let text = try optionalString(), !text.isEmpty else { return nil }
        return text
    }

    /// An integer (a number or its text), nil when absent or empty text.
    package func optionalInt() throws(JobPlanError) -> Int? {
        switch value {
        case .null: return nil
        case .number(let number):
            guard number.isFinite, abs(number) < 9e15 else { throw failure("expected an integer") }
            return Int(number)
        case .string(let text):
            if text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else { throw failure("expected an integer") }
            return number
        default: throw failure("expected an integer")
        }
    }

    /// The first of this field and `fallbacks` that is set.
    package func optionalInt(or fallbacks: SpecReader...) throws(JobPlanError) -> Int? {
        for reader in [self] + fallbacks {
            if let number = try reader.optionalInt() { return number }
        }
        return nil
    }

    /// A boolean (or the text `true` / `false`), nil when absent or empty text.
    package func optionalBool() throws(JobPlanError) -> Bool? {
        switch value {
        case .null: return nil
        case .bool(let flag): return flag
        case .string(let text) where text.isEmpty: return nil
        case .string(let text) where text == "true" || text == "false": return text == "true"
        default: throw failure("expected a boolean")
        }
    }

    package func bool(default fallback: Bool = false) throws(JobPlanError) -> Bool {
        try optionalBool() ?? fallback
    }

    /// The items of a list (none when absent), each with its index in the path.
    package func items() throws(JobPlanError) -> [SpecReader] {
        switch value {
        case .null: return []
        case .array(let values): return values.enumerated().map { SpecReader($0.element, path: "\(path)[\($0.offset)]") }
        default: throw failure("expected an array")
        }
    }

    /// A list of texts; `null` items are left out.
    package func strings() throws(JobPlanError) -> [String] {
        var texts: [String] = []
        for item in try items() {
            if let text = try item.optionalString() { texts.append(text) }
        }
        return texts
    }

    /// The fields of an object (none when absent), sorted by key.
    package func fields() throws(JobPlanError) -> [(key: String, reader: SpecReader)] {
        switch value {
        case .null: return []
        case .object(let object): return object.keys.sorted().map { ($0, self[$0]) }
        default: throw failure("expected an object")
        }
    }

    /// An object's fields as they are (expression data such as a pipeline step's `env`).
    package func rawObject() throws(JobPlanError) -> [String: JSONValue] {
        switch value {
        case .null: return [:]
        case .object(let object): return object
        default: throw failure("expected an object")
        }
    }

    /// This value when it is an object, else a refusal; absent is allowed.
    package func requireObjectOrAbsent() throws(JobPlanError) {
        switch value {
        case .null, .object: return
        default: throw failure("expected an object")
        }
    }
}
