extension JobPlan {
    /// The container image the job's spec declares, if any: a plugin's `image`, a freestyle job's
    /// custom build OS image (`FreestylePlan.image`), a Serverless Devs pipeline file's top-level
    /// `image`. Jobs of other types run where the server runs them.
    package var containerImage: String? {
        switch self {
        case .plugin(let plan): return plan.image.isEmpty ? nil : plan.image
        case .freestyle(let plan): return plan.image
        case .serverlessPipeline(let plan): return plan.image
        case .jenkinsPipeline(let plan): return plan.image
        case .approval, .sql, .workflowTrigger, .notification, .zadigBuild, .zadigTest, .zadigScanning, .cdWait, .deliveryVersion, .cdHostDeploy, .cdScript:
            return nil
        }
    }
}

/// An OCI image reference as a job may name one (`registry/name:tag`, `name@sha256:…`). It becomes
/// a podman argument (never shell text), so it is bounded and kept to the characters references use.
package enum ContainerImageReference {
    /// The longest reference accepted.
    package static let maximumLength = 255

    /// Why `reference` cannot name an image, or nil when it can.
    package static func problem(_ reference: String) -> String? {
        guard let first = reference.unicodeScalars.first else { return "an image reference cannot be empty" }
        guard reference.utf8.count <= maximumLength else { return "an image reference is at most \(maximumLength) characters" }
        guard isLowercaseOrDigit(first) else { return "an image reference starts with a lowercase letter or a digit" }
        guard reference.unicodeScalars.allSatisfy(isAllowed) else {
            return "an image reference may only hold letters, digits and . _ - / : @"
        }
        guard !reference.contains("//"), !reference.hasSuffix("/"), !reference.hasSuffix(":"), !reference.hasSuffix("@") else {
            return "an image reference has an empty name, tag or digest"
        }
        return nil
    }

    /// Whether `text` still holds a `{{.…}}` template (checked once rendered, when the job runs).
    package static func isTemplate(_ text: String) -> Bool { text.contains("{{") }

    /// `text` unless it is a literal reference with a problem, which fails at `reader`'s path
    /// (empty text is "no image").
    static func checked(_ text: String, at reader: SpecReader) throws(JobPlanError) -> String {
        if !text.isEmpty, !isTemplate(text), let problem = problem(text) { throw reader.failure("\(problem) (got \(text.prefix(80).debugDescription))") }
        return text
    }

    private static func isLowercaseOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        isLowercaseOrDigit(scalar) || ("A"..."Z").contains(scalar) || "._-/:@".unicodeScalars.contains(scalar)
    }
}
