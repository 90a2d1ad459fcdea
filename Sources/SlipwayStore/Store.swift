import SQLKit
import SlipwayCore

/// The persistence facade: one repository per aggregate over one `SQLStore`.
package final class Store: Sendable {
    package let sql: any SQLStore
    /// The key secrets at rest are sealed with.
    package let secrets: SecretBox
    package let users: UserRepository
    package let tokens: TokenRepository
    package let groups: GroupRepository
    package let projects: ProjectRepository
    package let roles: RoleRepository
    package let access: AccessRepository
    package let operationLogs: OperationLogRepository
    package let workflows: WorkflowRepository
    package let tasks: TaskRepository
    package let views: ViewRepository
    package let tickets: ApprovalTicketRepository
    package let databases: DatabaseInstanceRepository
    package let oauth: OAuthRepository
    package let depots: DepotRepository
    package let numericIDs: NumericIDRepository
    package let mergeRequests: MergeRequestRepository
    package let branchProtections: BranchProtectionRepository
    package let publicKeys: PublicKeyRepository
    package let gitReleases: GitReleaseRepository
    package let serverlessApps: ServerlessApplicationRepository
    package let deliveries: TriggerDeliveryRepository
    package let plugins: PipelinePluginRepository
    package let commitComments: CommitCommentRepository
    package let tagProtections: TagProtectionRepository
    package let readOnlyBranches: ReadOnlyBranchRepository
    package let webhookRefusals: WebhookRefusalRepository
    package let hostServerGroups: HostServerGroupRepository
    package let imageRegistries: ImageRegistryRepository
    package let cloudAccounts: CloudAccountRepository
    package let cdApplications: CdApplicationRepository
    package let cdPipelines: CdPipelineRepository
    package let cdExecutions: CdExecutionRepository
    package let quality: QualityRepository
    package let ci: CIRepository
    package let releasePlans: ReleasePlanRepository
    package let deliveryVersions: DeliveryVersionRepository
    package let issues: IssueRepository
    package let iterations: IterationRepository
    package let testManagement: TestManagementRepository
    package let wiki: WikiRepository
    package let uploads: UploadRepository

    package init(sql: any SQLStore, secrets: SecretBox) {
        self.sql = sql
        self.secrets = secrets
        let workflowChanges = WorkflowChanges()
        self.users = UserRepository(sql: sql)
        self.tokens = TokenRepository(sql: sql)
        self.groups = GroupRepository(sql: sql)
        self.projects = ProjectRepository(sql: sql)
        self.roles = RoleRepository(sql: sql)
        self.access = AccessRepository(sql: sql)
        self.operationLogs = OperationLogRepository(sql: sql)
        self.workflows = WorkflowRepository(sql: sql, box: secrets, changes: workflowChanges)
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
        self.serverlessApps = ServerlessApplicationRepository(sql: sql, box: secrets, workflowChanges: workflowChanges)
        self.deliveries = TriggerDeliveryRepository(sql: sql)
        self.plugins = PipelinePluginRepository(sql: sql)
        self.commitComments = CommitCommentRepository(sql: sql)
        self.tagProtections = TagProtectionRepository(sql: sql)
        self.readOnlyBranches = ReadOnlyBranchRepository(sql: sql)
        self.webhookRefusals = WebhookRefusalRepository(sql: sql)
        self.hostServerGroups = HostServerGroupRepository(sql: sql, box: secrets)
        self.imageRegistries = ImageRegistryRepository(sql: sql, box: secrets)
        self.cloudAccounts = CloudAccountRepository(sql: sql, box: secrets)
        self.cdApplications = CdApplicationRepository(sql: sql)
        self.cdPipelines = CdPipelineRepository(sql: sql)
        self.cdExecutions = CdExecutionRepository(sql: sql)
        self.quality = QualityRepository(sql: sql, box: secrets)
        self.ci = CIRepository(sql: sql, box: secrets)
        self.releasePlans = ReleasePlanRepository(sql: sql)
        self.deliveryVersions = DeliveryVersionRepository(sql: sql)
        self.issues = IssueRepository(sql: sql)
        self.iterations = IterationRepository(sql: sql)
        self.testManagement = TestManagementRepository(sql: sql)
        self.wiki = WikiRepository(sql: sql)
        self.uploads = UploadRepository(sql: sql)
    }

    /// True once the schema is at this binary's version: what `/healthz` reports.
    package func isReady() async -> Bool {
        let version = try? await sql.read { db in
            try await db.select().column(SQLFunction("max", args: SQLColumn("version")), as: "v")
                .from("schema_migrations").first(decodingColumn: "v", as: Int?.self) ?? nil
        }
        return version == Migrator.latestVersion
    }

    package func close() async {
        await sql.close()
    }

    /// Run `body` with this store, then close it whatever happens.
    package func closing<T>(after body: (Store) async throws -> T) async throws -> T {
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
