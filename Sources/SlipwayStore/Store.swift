import SQLKit
import SlipwayCore

/// The persistence facade: one repository per aggregate over one `SQLStore`.
public final class Store: Sendable {
    public let sql: any SQLStore
    /// The key secrets at rest are sealed with.
    public let secrets: SecretBox
    public let users: UserRepository
    public let tokens: TokenRepository
    public let groups: GroupRepository
    public let projects: ProjectRepository
    public let roles: RoleRepository
    public let access: AccessRepository
    public let operationLogs: OperationLogRepository
    public let workflows: WorkflowRepository
    public let tasks: TaskRepository
    public let views: ViewRepository
    public let tickets: ApprovalTicketRepository
    public let databases: DatabaseInstanceRepository
    public let oauth: OAuthRepository
    public let depots: DepotRepository
    public let numericIDs: NumericIDRepository
    public let mergeRequests: MergeRequestRepository
    public let branchProtections: BranchProtectionRepository
    public let publicKeys: PublicKeyRepository
    public let gitReleases: GitReleaseRepository
    public let serverlessApps: ServerlessApplicationRepository
    public let deliveries: TriggerDeliveryRepository
    public let plugins: PipelinePluginRepository
    public let commitComments: CommitCommentRepository
    public let tagProtections: TagProtectionRepository
    public let readOnlyBranches: ReadOnlyBranchRepository
    public let webhookRefusals: WebhookRefusalRepository

    public init(sql: any SQLStore, secrets: SecretBox) {
        self.sql = sql
        self.secrets = secrets
        self.users = UserRepository(sql: sql)
        self.tokens = TokenRepository(sql: sql)
        self.groups = GroupRepository(sql: sql)
        self.projects = ProjectRepository(sql: sql)
        self.roles = RoleRepository(sql: sql)
        self.access = AccessRepository(sql: sql)
        self.operationLogs = OperationLogRepository(sql: sql)
        self.workflows = WorkflowRepository(sql: sql, box: secrets)
        self.tasks = TaskRepository(sql: sql, box: secrets)
        self.views = ViewRepository(sql: sql)
        self.tickets = ApprovalTicketRepository(sql: sql)
        self.databases = DatabaseInstanceRepository(sql: sql, box: secrets)
        self.oauth = OAuthRepository(sql: sql)
        self.depots = DepotRepository(sql: sql)
        self.numericIDs = NumericIDRepository(sql: sql)
        self.mergeRequests = MergeRequestRepository(sql: sql)
        self.branchProtections = BranchProtectionRepository(sql: sql)
        self.publicKeys = PublicKeyRepository(sql: sql)
        self.gitReleases = GitReleaseRepository(sql: sql)
        self.serverlessApps = ServerlessApplicationRepository(sql: sql, box: secrets)
        self.deliveries = TriggerDeliveryRepository(sql: sql)
        self.plugins = PipelinePluginRepository(sql: sql)
        self.commitComments = CommitCommentRepository(sql: sql)
        self.tagProtections = TagProtectionRepository(sql: sql)
        self.readOnlyBranches = ReadOnlyBranchRepository(sql: sql)
        self.webhookRefusals = WebhookRefusalRepository(sql: sql)
    }

    /// True once the schema is at this binary's version: what `/healthz` reports.
    public func isReady() async -> Bool {
        let version = try? await sql.read { db in
            try await db.select().column(SQLFunction("max", args: SQLColumn("version")), as: "v")
                .from("schema_migrations").first(decodingColumn: "v", as: Int?.self) ?? nil
        }
        return version == Migrator.latestVersion
    }

    public func close() async {
        await sql.close()
    }

    /// Run `body` with this store, then close it whatever happens.
    public func closing<T>(after body: (Store) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }
}
