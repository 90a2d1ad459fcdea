/// A pre-approval ticket from an external change-management system: who may run which
/// workflows of a project, and when. Enforced on workflows with `enable_approval_ticket`.
package struct ApprovalTicket: Sendable, Equatable, Codable {
    package var projectKey: String
    /// The external ticket id (`approval_id`).
    package var approvalID: String
    /// 1 valid, 0 invalid.
    package var status: Int
    package var envs: [String]
    package var services: [Service]
    package var users: [TicketUser]
    /// Unix seconds; 0 = open.
    package var windowStart: Int64
    package var windowEnd: Int64
    package var createdAt: EpochMillis

    package struct Service: Sendable, Equatable, Codable {
        package var serviceName: String
        package var serviceModule: String
        package init(serviceName: String, serviceModule: String) {
            self.serviceName = serviceName
            self.serviceModule = serviceModule
        }
    }

    package struct TicketUser: Sendable, Equatable, Codable {
        package var name: String
        package var email: String
        package init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    package init(
        projectKey: String, approvalID: String, status: Int, envs: [String] = [], services: [Service] = [],
        users: [TicketUser] = [], windowStart: Int64 = 0, windowEnd: Int64 = 0, createdAt: EpochMillis = .now()
    ) {
        self.projectKey = projectKey
        self.approvalID = approvalID
        self.status = status
        self.envs = envs
        self.services = services
        self.users = users
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.createdAt = createdAt
    }

    /// Why this ticket does not allow `user` to run now in `projectKey`; nil when it does.
    package func denial(projectKey: String, user: User, now: EpochMillis = .now()) -> String? {
        if projectKey != self.projectKey { return "ticket \(approvalID) belongs to project \(self.projectKey)" }
        if status != 1 { return "ticket \(approvalID) is not valid" }
        let seconds = now.seconds
        if windowStart > 0 && seconds < windowStart { return "ticket \(approvalID) execution window has not started" }
        if windowEnd > 0 && seconds > windowEnd { return "ticket \(approvalID) execution window has ended" }
        if !users.isEmpty && !users.contains(where: { !$0.email.isEmpty && $0.email.lowercased() == user.email.lowercased() }) {
            return "user \(user.account) is not on ticket \(approvalID)"
        }
        return nil
    }
}
