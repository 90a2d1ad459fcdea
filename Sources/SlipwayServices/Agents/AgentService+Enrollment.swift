import SlipwayCore
import SlipwayStore

/// Agents that enroll themselves: the server's install secret (CODING `DescribeAgentSecret`)
/// lets a new machine register as an agent and receive its own token, so an administrator hands
/// out one secret instead of a token per machine.
extension AgentService {
    /// The install secret, made on first use (administrators only).
    package func installSecret(by caller: User) async throws -> String {
        guard caller.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
        return try await store.agentEnrollment.secret()
    }

    /// Enroll an agent named `name` presenting the install secret: it is registered with
    /// `labels` and `capacity` and gets a token of its own (returned this once).
    /// A wrong secret is `unauthenticated`; a name in use is a conflict.
    package func enroll(secret: String, name: String, labels: [String], capacity: Int) async throws -> (token: String, agent: Agent) {
        guard !secret.isEmpty, secret.utf8.count <= 256, try await store.agentEnrollment.matches(secret) else {
            throw SlipwayError.unauthenticated
        }
        if let problem = Agent.problem(name: name, labels: labels, capacity: capacity) { throw SlipwayError.invalidInput(problem) }
        let issued = try await store.agents.issue(name: name, labels: labels, capacity: capacity)
        // Recorded like an administrator's token issue (never the secret nor the token).
        try await store.operationLogs.record(
            OperationLog(
                username: "agent:\(name)", projectKey: "", method: "OpenAPI新建", function: "agent", targets: [name],
                detail: "enrolled with the install secret", requestBody: "", bodyType: "", status: 200))
        return (issued.secret, issued.agent)
    }
}
