import Foundation

extension ServiceContext {
    /// The server's data directory: the parent of the depots' storage root (`<data>/git`),
    /// where wikis (`<data>/wiki`) and uploads (`<data>/uploads`) live too.
    package var dataDirectory: String {
        URL(fileURLWithPath: depots.git.root).deletingLastPathComponent().path
    }
}
