import Foundation
import SlipwayCore
import Testing

/// Run policy, error policy, approval outcome and error decisions are enums whose wire strings
/// are exactly the ones stored before; values they do not know survive a round trip.
@Suite struct JobPlanPolicyTests {
    static func roundTrip<T: Codable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    @Test func wireStringsStayTheSame() throws {
        #expect(RunPolicy(rawValue: "") == .runByDefault)
        #expect(
            ["", "default_not_run", "force_run", "skip", "later_policy"].map { RunPolicy(rawValue: $0).rawValue }
                == ["", "default_not_run", "force_run", "skip", "later_policy"])
        #expect(RunPolicy(rawValue: "later_policy") == .other("later_policy"))
        #expect(ErrorPolicyKind.supported.map(\.rawValue) == ["stop", "ignore_error", "retry", "manual_check"])
        #expect(ErrorDecision(rawValue: "ignore")?.jobStatus == .unstable)
        #expect(ErrorDecision(rawValue: "reject")?.jobStatus == .failed)
        #expect(ErrorDecision(rawValue: "maybe") == nil)
        #expect(ApprovalOutcome(rawValue: "") == .pending)
        #expect(!ApprovalOutcome.pending.isDecided && ApprovalOutcome.reject.isDecided)
    }

    @Test func storedJobsAndApprovalsDecodeAndEncodeByteForByte() throws {
        let job =
            #"{"errorPolicy":{"approvalUsers":["lead"],"maximumRetry":2,"policy":"retry"},"name":"b","runPolicy":"default_not_run","skipped":false,"spec":{},"type":"freestyle"}"#
        let decoded = try JSONDecoder().decode(JobDefinition.self, from: Data(job.utf8))
        #expect(decoded.runPolicy == .defaultNotRun)
        #expect(decoded.errorPolicy.policy == .retry)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == job)

        let unknown = #"{"maximumRetry":0,"policy":"page_someone"}"#
        let policy = try JSONDecoder().decode(ErrorPolicy.self, from: Data(unknown.utf8))
        #expect(policy.policy == .other("page_someone"))
        #expect(String(decoding: try encoder.encode(policy), as: UTF8.self) == #"{"approvalUsers":[],"maximumRetry":0,"policy":"page_someone"}"#)

        var approval = ApprovalRun(spec: ApprovalSpec(approveUsers: [.init(userName: "lead")]))
        #expect(try Self.roundTrip(approval.outcome) == #""""#)
        #expect(try approval.decide(user: "lead", approve: false, comment: "no") == .reject)
        #expect(try Self.roundTrip(approval.outcome) == #""reject""#)
        let stored = try JSONDecoder().decode(ApprovalOutcome.self, from: Data(#""escalated""#.utf8))
        #expect(stored == .other("escalated") && stored.rawValue == "escalated")
    }

    @Test func aRecordedErrorDecisionReadsBack() {
        var run = JobRun(name: "b", type: .freestyle, spec: .object([:]), errorPolicy: ErrorPolicy(policy: .manualCheck))
        #expect(run.errorDecision == nil)
        run.errorHandler = "lead:ignore"
        #expect(run.errorDecision == .ignore)
        run.errorHandler = "lead:reject"
        #expect(run.errorDecision == .reject)
    }
}
