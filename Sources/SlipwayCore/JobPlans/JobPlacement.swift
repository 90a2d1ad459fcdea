/// Where a job's processes must run, as its spec asks: in a container `image`, and on an agent
/// carrying every one of `labels`. An empty placement runs on the server's own executor.
package struct JobPlacement: Sendable, Equatable {
    /// The OCI image the job's processes run in; nil for the server's own executor.
    package var image: String?
    /// Labels an agent must carry to run the job; empty for the server itself ("local").
    package var labels: [String]

    package init(image: String? = nil, labels: [String] = []) {
        self.image = image
        self.labels = labels
    }
}
