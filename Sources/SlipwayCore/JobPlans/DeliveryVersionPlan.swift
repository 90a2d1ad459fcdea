/// A Zadig delivery version's image push as a job: the version whose `push_image` images it copies
/// to the version's registry. The version itself (images, registry, what is already pushed) is read
/// from the store when the job runs, so a retry pushes only what has not been pushed yet.
package struct DeliveryVersionPlan: Sendable, Equatable {
    package var versionID: String

    package init(versionID: String) {
        self.versionID = versionID
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        versionID = try spec["version_id"].string()
        guard !versionID.isEmpty, versionID.count <= 64 else { throw spec["version_id"].failure("must name a delivery version") }
    }

    /// The spec this plan is read from.
    package var spec: JSONValue { .object(["version_id": .string(versionID)]) }
}
