/// A page of a project's wiki, numbered per project by `iid`. The database holds the tree
/// (parent, position among siblings) and the metadata; the page's content lives in the project's
/// wiki git repository as `<iid>.md`, one commit per change (`WikiVersion`).
package struct WikiPage: Sendable, Equatable {
    package var id: Int64 = 0
    package var projectKey: String
    package var iid: Int64 = 0
    /// 0: a top-level page.
    package var parentIid: Int64 = 0
    package var title: String
    /// Position among its siblings, 0 first.
    package var position: Int64 = 0
    package var creatorUID: String = ""
    package var editorUID: String = ""
    package var createdAt: EpochMillis = 0
    package var updatedAt: EpochMillis = 0

    package init(projectKey: String, title: String) {
        self.projectKey = projectKey
        self.title = title
    }

    /// The page's file in the wiki repository.
    package var fileName: String { Self.fileName(iid) }

    package static func fileName(_ iid: Int64) -> String { "\(iid).md" }

    /// The longest title a page may have.
    package static let maxTitleLength = 255
    /// The largest content a page may hold, in bytes.
    package static let maxContentBytes = 1 << 20
}

/// One version of a page: the wiki commit that gave it this title and content.
package struct WikiVersion: Sendable, Equatable {
    package var id: Int64 = 0
    package var pageID: Int64 = 0
    /// 1 for the page's first version.
    package var number: Int64 = 0
    package var commit: String
    package var title: String
    package var message: String
    package var editorUID: String
    package var createdAt: EpochMillis

    package init(commit: String, title: String, message: String, editorUID: String, createdAt: EpochMillis) {
        self.commit = commit
        self.title = title
        self.message = message
        self.editorUID = editorUID
        self.createdAt = createdAt
    }
}
