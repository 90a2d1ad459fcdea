import Foundation
import SlipwayEngine
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the server reads back from a finished job's `outputs` directory (`JobFiles.readOutputs`):
/// regular files only, never through a link, never blocking on a FIFO, and at most 64 KiB each.
@Suite struct JobOutputsTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-outputs-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("job/outputs"), withIntermediateDirectories: true)
        return url
    }

    @Test func regularFilesAreReadTrimmedAndTheRestIsSkipped() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let outputs = root.appendingPathComponent("job/outputs").path
        try "  v1.2.3\n".write(toFile: outputs + "/VERSION", atomically: false, encoding: .utf8)
        try "".write(toFile: outputs + "/EMPTY", atomically: false, encoding: .utf8)
        try "hidden".write(toFile: outputs + "/.HIDDEN", atomically: false, encoding: .utf8)
        try "server secret".write(toFile: root.path + "/secret.txt", atomically: false, encoding: .utf8)
        #expect(symlink(root.path + "/secret.txt", outputs + "/LEAK") == 0)
        #expect(mkfifo(outputs + "/PIPE", 0o644) == 0)
        #expect(mkdir(outputs + "/DIR", 0o755) == 0)
        try String(repeating: "x", count: 100_000).write(toFile: outputs + "/BIG", atomically: false, encoding: .utf8)

        let read = JobFiles.readOutputs(outputs)
        #expect(Set(read.keys) == ["VERSION", "EMPTY", "BIG"])
        #expect(read["VERSION"] == "v1.2.3")
        #expect(read["EMPTY"] == "")
        #expect(read["BIG"]?.utf8.count == 65_536)
    }

    @Test func anOutputsDirectorySwappedForALinkOrRemovedGivesNothing() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let elsewhere = root.appendingPathComponent("elsewhere").path
        #expect(mkdir(elsewhere, 0o755) == 0)
        try "server file".write(toFile: elsewhere + "/SECRET", atomically: false, encoding: .utf8)
        let outputs = root.appendingPathComponent("job/outputs").path
        try FileManager.default.removeItem(atPath: outputs)
        #expect(JobFiles.readOutputs(outputs).isEmpty)
        #expect(symlink(elsewhere, outputs) == 0)
        #expect(JobFiles.readOutputs(outputs).isEmpty)
        #expect(JobFiles.readOutputs(elsewhere) == ["SECRET": "server file"])
    }

    @Test func oneFileIsReadBoundedNeverThroughALinkNorWaitedOnAsAFIFO() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = root.appendingPathComponent("job").path
        try "FROM scratch\nRUN make\n".write(toFile: workspace + "/Dockerfile", atomically: false, encoding: .utf8)
        try "server secret".write(toFile: root.path + "/secret.txt", atomically: false, encoding: .utf8)
        #expect(symlink(root.path + "/secret.txt", workspace + "/Linked") == 0)
        #expect(mkfifo(workspace + "/Fifo", 0o644) == 0)
        #expect(JobFiles.readRegularFile(workspace + "/Dockerfile", limit: 1 << 20) == Array("FROM scratch\nRUN make\n".utf8))
        #expect(JobFiles.readRegularFile(workspace + "/Dockerfile", limit: 4) == Array("FROM".utf8))
        #expect(JobFiles.readRegularFile(workspace + "/Linked", limit: 1 << 20) == nil)
        #expect(JobFiles.readRegularFile(workspace + "/Fifo", limit: 1 << 20) == nil)
        #expect(JobFiles.readRegularFile(workspace + "/missing", limit: 1 << 20) == nil)
    }

    @Test func pathsAreStandardizedAsWrittenWithoutResolvingLinks() {
        #expect(JobFiles.lexical("/data/workspaces/wf/1-build/workspace/../.script.sh") == "/data/workspaces/wf/1-build/.script.sh")
        #expect(JobFiles.lexical("/data//workspaces/./wf/") == "/data/workspaces/wf")
        #expect(JobFiles.lexical("/data/../../etc/passwd") == "/etc/passwd")
        #expect(JobFiles.lexical("/") == "/")
        for path in ["/a/b/../c", "/a/./b//c/", "/x/y/z/../../w"] {
            #expect(JobFiles.lexical(path) == URL(fileURLWithPath: path).standardizedFileURL.path)
        }
    }
}
