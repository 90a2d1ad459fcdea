/// A tag-protection rule of a depot: a tag name or glob (`v*`, `release/*`, same syntax as
/// branch rules). Tags it covers may be created, moved or deleted only by the project's
/// administrators, by push and by API alike.
package struct TagProtectionRule: Sendable, Equatable {
    package var id: Int64
    package var depotID: Int64
    package var rule: String
    package var creatorUID: String
    package var createdAt: EpochMillis

    package init(id: Int64 = 0, depotID: Int64, rule: String, creatorUID: String, createdAt: EpochMillis = .now()) {
        self.id = id
        self.depotID = depotID
        self.rule = rule
        self.creatorUID = creatorUID
        self.createdAt = createdAt
    }

    /// Whether the rule covers `tag` (a short tag name).
    package func matches(_ tag: String) -> Bool {
        BranchProtection.glob(Array(rule), Array(tag))
    }

    /// The first rule (oldest) covering `tag`, nil when the tag is free.
    package static func protecting(_ tag: String, in rules: [TagProtectionRule]) -> TagProtectionRule? {
        rules.sorted { $0.id < $1.id }.first { $0.matches(tag) }
    }

    /// Rules are non-empty, without whitespace or control characters, at most 255 characters.
    package static func validate(_ rule: String) throws(SlipwayError) {
        guard BranchProtection.isValidPattern(rule) else {
            throw .invalidInput("the tag rule must be a tag name or glob without spaces")
        }
    }
}
