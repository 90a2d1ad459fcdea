import Hummingbird
import Logging
import SlipwayCore
import Synchronization

/// The request context every route of every dialect sees.
package struct AppRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The caller, once a credential was resolved; nil for anonymous requests.
    package var identity: Identity?
    /// Filled in by handlers, read by the operation-log middleware after the response.
    package let audit: AuditNote

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.audit = AuditNote()
    }

    /// Bodies above this size are refused before any handler sees them.
    package var maxUploadSize: Int { Self.uploadLimit }
    package static let uploadLimit = 8 * 1024 * 1024
}

/// What a mutating call acted on, as the handler knows it, for the audit trail.
/// A reference type so the handler's note reaches the middleware that wraps it.
package final class AuditNote: Sendable {
    package struct Fields: Sendable, Equatable {
        package var function: String?
        package var projectKey: String?
        package var detail: String?
        package var scene: String = ""
        package var targets: [String] = []
    }

    private let fields = Mutex(Fields())

    package init() {}

    /// Describe the operation: its resource family, project and the name it acted on.
    package func note(function: String, projectKey: String? = nil, detail: String? = nil, scene: String = "", targets: [String] = []) {
        fields.withLock {
            $0.function = function
            if let projectKey { $0.projectKey = projectKey }
            if let detail { $0.detail = detail }
            $0.scene = scene
            $0.targets = targets
        }
    }

    package var current: Fields { fields.withLock { $0 } }
}
