extension JobPlan {
    /// The container image the job's spec declares, if any.
    package var containerImage: String? {
        nil
    }
}
