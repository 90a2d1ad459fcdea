import Foundation

/// How jobs that ask for an image run in OCI containers through podman.
package struct ContainerSettings: Sendable {
    /// The podman executable: a path, or a name looked up on `PATH`.
    package var podman: String
    /// The OCI runtime podman uses (`--runtime`); nil for podman's configured default.
    package var runtime: String?
    /// A directory of image archives (`*.tar`, `podman save` output or a root filesystem tarball),
    /// loaded once, the first time a job asks for an image that is not present. A root filesystem
    /// tarball `NAME.tar` becomes `localhost/NAME:latest`.
    package var imageArchives: URL?
    /// The most processes (and threads) one container may hold (`--pids-limit`).
    package var pidsLimit: Int

    package init(podman: String = "podman", runtime: String? = "runc", imageArchives: URL? = nil, pidsLimit: Int = 4096) {
        self.podman = podman
        self.runtime = runtime
        self.imageArchives = imageArchives
        self.pidsLimit = pidsLimit
    }
}

/// Labels every job container carries: ownership (which server's data directory started it),
/// and what it runs, so leftovers can be found and removed.
package enum ContainerLabel {
    /// The data directory of the server that started the container.
    package static let owner = "slipway.data"
    package static let workflow = "slipway.workflow"
    package static let task = "slipway.task"
    package static let job = "slipway.job"
}

/// Why a container job cannot run (podman missing or failing, a bad image reference, …).
package struct ContainerUnavailable: Error, CustomStringConvertible {
    package let message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
