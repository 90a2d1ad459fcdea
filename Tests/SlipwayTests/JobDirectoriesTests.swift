import Foundation
import SlipwayEngine
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Job directories kept emptied for the next job (`JobDirectories`): the next job gets empty
/// `workspace` and `outputs` and nothing else, whatever the last job left (files, deep trees,
/// links, changed modes, extended attributes).
@Suite struct JobDirectoriesTests {
    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("slipway-jobdirs-\(UUID().uuidString)", isDirectory: true)
    }

    static func contents(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    /// A directory outside every job directory, holding `secret.txt`: links a job leaves point here.
    static func outsideFile(in data: URL) throws -> URL {
        let outside = data.appendingPathComponent("outside", isDirectory: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "keep me".write(to: outside.appendingPathComponent("secret.txt"), atomically: false, encoding: .utf8)
        return outside
    }

    /// Set a user extended attribute (`lsetxattr` is not in the Glibc module: looked up).
    static func setAttribute(_ path: String) -> Bool {
        typealias SetAttribute = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeRawPointer?, Int, Int32) -> Int32
        guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "lsetxattr") else { return false }
        let value = "left for the next job"
        return unsafeBitCast(symbol, to: SetAttribute.self)(path, "user.slipway", value, value.utf8.count, 0) == 0
    }

    @Test func aFinishedJobsDirectoryComesBackEmptyForTheNextJob() throws {
        let data = Self.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        let outside = try Self.outsideFile(in: data)
        let directories = JobDirectories(dataDirectory: data)
        let first = data.appendingPathComponent("workspaces/wf/1-build", isDirectory: true)
        try directories.make(first)
        #expect(Self.contents(first) == ["outputs", "workspace"])
        // What a job leaves behind.
        let workspace = first.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("a/b/c"), withIntermediateDirectories: true)
        try "x".write(to: workspace.appendingPathComponent("a/b/c/deep.txt"), atomically: false, encoding: .utf8)
        try "v".write(to: first.appendingPathComponent("outputs/VERSION"), atomically: false, encoding: .utf8)
        try "s".write(to: first.appendingPathComponent(".build-1234.sh"), atomically: false, encoding: .utf8)
        // A name that ends like a kept one (a combining mark first) is not one.
        try FileManager.default.createDirectory(at: first.appendingPathComponent("\u{301}workspace/inner"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workspace.appendingPathComponent("link").path, withDestinationPath: outside.path)
        #expect(chmod(workspace.path, 0o1777) == 0)
        try directories.recycle(first)
        #expect(!FileManager.default.fileExists(atPath: first.path))
        #expect(directories.keptCount == 1)

        // The next job (another workflow) gets the kept directory, empty, with a new job's modes.
        let second = data.appendingPathComponent("workspaces/other/7-test", isDirectory: true)
        try directories.make(second)
        #expect(directories.keptCount == 0)
        #expect(Self.contents(second) == ["outputs", "workspace"])
        #expect(Self.contents(second.appendingPathComponent("workspace")).isEmpty)
        #expect(Self.contents(second.appendingPathComponent("outputs")).isEmpty)
        #expect(Self.mode(second.appendingPathComponent("workspace").path) == 0o755)
        // The link was removed as itself: what it pointed to is untouched.
        #expect(Self.contents(outside) == ["secret.txt"])
    }

    @Test func aWorkspaceSwappedForALinkIsRemovedNotFollowed() throws {
        let data = Self.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        let outside = try Self.outsideFile(in: data)
        let directories = JobDirectories(dataDirectory: data)
        let job = data.appendingPathComponent("workspaces/wf/1-build", isDirectory: true)
        try directories.make(job)
        let workspace = job.appendingPathComponent("workspace")
        try FileManager.default.removeItem(at: workspace)
        try FileManager.default.createSymbolicLink(atPath: workspace.path, withDestinationPath: outside.path)
        try directories.recycle(job)
        let next = data.appendingPathComponent("workspaces/wf/2-build", isDirectory: true)
        try directories.make(next)
        var info = stat()
        #expect(lstat(next.appendingPathComponent("workspace").path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
        #expect(Self.contents(next.appendingPathComponent("workspace")).isEmpty)
        #expect(Self.contents(outside) == ["secret.txt"])
    }

    @Test func directoriesCarryingExtendedAttributesAreRemovedNotKept() throws {
        let data = Self.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        let directories = JobDirectories(dataDirectory: data)
        let job = data.appendingPathComponent("workspaces/wf/1-build", isDirectory: true)
        try directories.make(job)
        try #require(Self.setAttribute(job.appendingPathComponent("workspace").path), "the file system takes user attributes")
        try directories.recycle(job)
        #expect(!FileManager.default.fileExists(atPath: job.path))
        #expect(directories.keptCount == 0)
    }

    @Test func atMostCapacityDirectoriesAreKeptAndAServerStartForgetsThem() throws {
        let data = Self.scratch()
        defer { try? FileManager.default.removeItem(at: data) }
        let directories = JobDirectories(dataDirectory: data)
        let jobs = (0..<70).map { data.appendingPathComponent("workspaces/wf/\($0)-job", isDirectory: true) }
        for job in jobs { try directories.make(job) }
        for job in jobs { try directories.recycle(job) }
        #expect(directories.keptCount == 64)
        let pool = data.appendingPathComponent("workspaces/.recycled")
        #expect(Self.contents(pool).count == 64)
        #expect(jobs.allSatisfy { !FileManager.default.fileExists(atPath: $0.path) })
        // A new engine on the same data directory starts with none kept.
        let restarted = JobDirectories(dataDirectory: data)
        #expect(restarted.keptCount == 0)
        #expect(!FileManager.default.fileExists(atPath: pool.path))
    }
}
