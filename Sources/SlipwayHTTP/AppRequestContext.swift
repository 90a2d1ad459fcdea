import Hummingbird
import Logging
import SlipwayCore
import Synchronization

/// The request context every route of every dialect sees.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, once a credential was resolved; nil for anonymous requests.
    public var identity: Identity?
    /// Filled in by handlers, read by the operation-log middleware after the response.
    public let audit: AuditNote

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.audit = AuditNote()
    }

    /// Bodies above this size are refused before any handler sees them.
    public var maxUploadSize: Int { Self.uploadLimit }
    public static let uploadLimit = 8 * 1024 * 1024
}

/// What a mutating call acted on, as the handler knows it, for the audit trail.
/// A reference type so the handler's note reaches the middleware that wraps it.
public final class AuditNote: Sendable {
    public struct Fields: Sendable, Equatable {
        public var function: String?
        public var projectKey: String?
        public var detail: String?
        public var scene: String = ""
        public var targets: [String] = []
    }

    private let fields = Mutex(Fields())

    public init() {}

    /// Describe the operation: its resource family, project and the name it acted on.
    public func note(function: String, projectKey: String? = nil, detail: String? = nil, scene: String = "", targets: [String] = []) {
        fields.withLock {
            $0.function = function
            if let projectKey { $0.projectKey = projectKey }
            if let detail { $0.detail = detail }
            $0.scene = scene
            $0.targets = targets
        }
    }

    public var current: Fields { fields.withLock { $0 } }
}
