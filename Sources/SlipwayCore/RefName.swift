/// A full git ref name (`refs/heads/main`, `refs/tags/v1`), with its kind and short name.
///
/// Replaces prefix cuts (`dropFirst(11)`) on strings: build one with `.branch`/`.tag` or from a
/// full name, then ask it what it is. It does not validate; `RefFormat` (SlipwayGit) does that
/// before a name reaches a git command.
package struct RefName: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The full name, e.g. `refs/heads/main`.
    package let full: String

    package static let branchPrefix = "refs/heads/"
    package static let tagPrefix = "refs/tags/"

    /// A ref from its full name, kept as given.
    package init(full: String) { self.full = full }

    /// `refs/heads/<name>`; a name that is already full is kept.
    package static func branch(_ name: String) -> RefName {
        RefName(full: name.hasPrefix(branchPrefix) ? name : branchPrefix + name)
    }

    /// `refs/tags/<name>`; a name that is already full is kept.
    package static func tag(_ name: String) -> RefName {
        RefName(full: name.hasPrefix(tagPrefix) ? name : tagPrefix + name)
    }

    /// The branch name when this is a branch ref.
    package var branchName: String? {
        full.hasPrefix(Self.branchPrefix) ? String(full.dropFirst(Self.branchPrefix.count)) : nil
    }

    /// The tag name when this is a tag ref.
    package var tagName: String? {
        full.hasPrefix(Self.tagPrefix) ? String(full.dropFirst(Self.tagPrefix.count)) : nil
    }

    package var isBranch: Bool { branchName != nil }
    package var isTag: Bool { tagName != nil }

    /// The branch or tag name, or the full name for any other ref.
    package var shortName: String { branchName ?? tagName ?? full }

    package var description: String { full }

    package init(from decoder: any Decoder) throws {
        full = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(full)
    }
}
