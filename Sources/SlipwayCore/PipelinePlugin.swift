/// A plugin registered on the server, usable as a `plugin:` step of a pipeline file.
///
/// Serverless Devs plugins are npm packages (`@serverless-cd/ding-talk`); here a plugin is a
/// named shell script with declared inputs, registered by an administrator. A step's `inputs`
/// reach the script as `INPUT_<NAME>` environment variables (upper-cased, `-` → `_`) and as
/// `${{ inputs.<name> }}`; outputs are written to `$SLIPWAY_STEP_OUTPUTS` like `run:` steps.
package struct PipelinePlugin: Sendable, Equatable {
    /// The name a step uses: `plugin: <name>` (npm style, `@scope/name` allowed).
    package var name: String
    package var version: String
    package var description: String
    package var inputs: [Input]
    /// The shell script the step runs.
    package var run: String
    package var createdBy: String
    package var createdAt: EpochMillis
    package var updatedAt: EpochMillis

    /// One declared input.
    package struct Input: Sendable, Equatable, Codable {
        package var name: String
        package var required: Bool
        /// Used when the step does not give the input; nil means none.
        package var defaultValue: String?
        package var description: String

        package init(name: String, required: Bool = false, defaultValue: String? = nil, description: String = "") {
            self.name = name
            self.required = required
            self.defaultValue = defaultValue
            self.description = description
        }

        /// The environment variable the script reads: `INPUT_<NAME>`.
        package var environmentName: String {
            "INPUT_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    package init(
        name: String, version: String = "1", description: String = "", inputs: [Input] = [], run: String,
        createdBy: String = "", createdAt: EpochMillis = .now(), updatedAt: EpochMillis? = nil
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.inputs = inputs
        self.run = run
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Plugin names: an optional `@scope/` then `[a-z0-9._-]`, 1...214 characters (npm's rule).
    package static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 214 else { return false }
        var body = Substring(name)
        if body.hasPrefix("@") {
            guard let slash = body.firstIndex(of: "/") else { return false }
            let scope = body[body.index(after: body.startIndex)..<slash]
            guard isValidSegment(scope) else { return false }
            body = body[body.index(after: slash)...]
        }
        return isValidSegment(body)
    }

    /// Input names: a letter or `_`, then letters, digits, `_` or `-`.
    package static func isValidInputName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 64 else { return false }
        guard (first.isASCII && first.properties.isAlphabetic) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }

    private static func isValidSegment(_ s: Substring) -> Bool {
        guard let first = s.first, first != ".", first != "_" else { return false }
        return s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-"
        }
    }

    /// `name@version` → `name`; npm scopes (`@scope/name`) keep their leading `@`.
    package static func stripVersion(_ reference: String) -> (name: String, version: String?) {
        guard let at = reference.lastIndex(of: "@"), at != reference.startIndex else { return (reference, nil) }
        return (String(reference[..<at]), String(reference[reference.index(after: at)...]))
    }
}
