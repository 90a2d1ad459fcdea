import Foundation
import SlipwayEngine
import Testing

/// Removing and handing over a job directory the job itself filled: links are never followed,
/// deep nesting is no problem, and what lies outside is untouched.
@Suite struct JobFilesTreeTests {
    static func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-tree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    @Test func removingATreeRemovesLinksNotWhatTheyPointTo() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "keep".write(to: outside.appendingPathComponent("file.txt"), atomically: true, encoding: .utf8)
        let job = root.appendingPathComponent("job")
        try FileManager.default.createDirectory(at: job.appendingPathComponent("workspace/a/b"), withIntermediateDirectories: true)
        try "x".write(to: job.appendingPathComponent("workspace/a/b/f"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: job.appendingPathComponent("workspace/dir-link").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: job.appendingPathComponent("workspace/file-link").path, withDestinationPath: outside.appendingPathComponent("file.txt").path)
        try FileManager.default.createSymbolicLink(atPath: job.appendingPathComponent("dangling").path, withDestinationPath: "/nonexistent/x")

        try JobFiles.removeTree(job.path)
        #expect(!FileManager.default.fileExists(atPath: job.path))
        #expect(try String(contentsOf: outside.appendingPathComponent("file.txt"), encoding: .utf8) == "keep")
        // A missing tree is already removed.
        try JobFiles.removeTree(job.path)
    }

    @Test func deepNestingIsRemovedWithoutRecursion() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        var path = root.appendingPathComponent("job").path
        let top = path
        for _ in 0..<400 { path += "/d" }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try JobFiles.removeTree(top)
        #expect(!FileManager.default.fileExists(atPath: top))
    }

    @Test func handingATreeOverChangesLinksThemselves() throws {
        guard getuid() == 0 else { return }  // Only root can give files away.
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("target.txt")
        try "t".write(to: target, atomically: true, encoding: .utf8)
        let job = root.appendingPathComponent("job")
        try FileManager.default.createDirectory(at: job.appendingPathComponent("w"), withIntermediateDirectories: true)
        try "x".write(to: job.appendingPathComponent("w/f"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: job.appendingPathComponent("w/link").path, withDestinationPath: target.path)

        try JobFiles.changeOwner(ofTree: job.path, uid: 65534, gid: 65534)
        for entry in ["", "/w", "/w/f", "/w/link"] {
            var info = stat()
            #expect(lstat(job.path + entry, &info) == 0)
            #expect(info.st_uid == 65534 && info.st_gid == 65534, "\(entry)")
        }
        var info = stat()
        #expect(lstat(target.path, &info) == 0)
        #expect(info.st_uid == 0, "the link's target keeps its owner")
    }

    /// Handing over again (before each command of a job) changes only entries not yet the user's:
    /// the others keep their ctime, so their inodes are not written again.
    @Test func handingOverAgainLeavesTheUsersEntriesAsTheyAre() throws {
        guard getuid() == 0 else { return }  // Only root can give files away.
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let job = root.appendingPathComponent("job")
        try FileManager.default.createDirectory(at: job.appendingPathComponent("w/d"), withIntermediateDirectories: true)
        try "x".write(to: job.appendingPathComponent("w/d/f"), atomically: true, encoding: .utf8)
        try JobFiles.handOver(job.path, uid: 65534, gid: 65534)
        usleep(50_000)  // ctime would move on by then if an inode were written again
        // The server adds a file between two commands.
        try "y".write(to: job.appendingPathComponent("w/new"), atomically: false, encoding: .utf8)
        let entries = ["", "/w", "/w/d", "/w/d/f", "/w/new"]
        let before = try entries.map { try Self.owner(job.path + $0) }
        #expect(before.dropLast().allSatisfy { $0.uid == 65534 && $0.gid == 65534 })
        #expect(before.last?.uid == 0)
        usleep(50_000)

        try JobFiles.handOver(job.path, uid: 65534, gid: 65534)
        let after = try entries.map { try Self.owner(job.path + $0) }
        #expect(after.allSatisfy { $0.uid == 65534 && $0.gid == 65534 }, "the added file is handed over too")
        for (entry, (earlier, later)) in zip(entries, zip(before, after)) {
            #expect((earlier.ctime == later.ctime) == (entry != "/w/new"), "\(entry)")
        }
    }

    /// The owner and ctime (in nanoseconds) of the entry at `path` itself.
    static func owner(_ path: String) throws -> (uid: UInt32, gid: UInt32, ctime: Int) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw CocoaError(.fileNoSuchFile) }
        return (info.st_uid, info.st_gid, info.st_ctim.tv_sec * 1_000_000_000 + info.st_ctim.tv_nsec)
    }
}
