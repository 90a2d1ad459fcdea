import Foundation
import SlipwayCore

/// Files of a pipeline's workspace: `dir` targets, and the files `archiveArtifacts` and `junit`
/// keep. Nothing outside the job's directory is read or written, and no symbolic link is followed.
enum JenkinsWorkspaceFiles {
    /// The most entries looked at, and files kept, by one pattern step.
    static let maxScanned = 100_000
    static let maxKept = 1_000

    struct Problem: Error {
        let message: String
    }

    /// `relative` under `workspace` (made when missing), or nil when it would leave the workspace.
    static func subdirectory(_ relative: String, of workspace: URL, job: URL) -> URL? {
        let parts = relative.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !relative.hasPrefix("/"), !parts.contains(".."), !relative.contains("\0") else { return nil }
        let target = parts.reduce(workspace) { $0.appendingPathComponent($1, isDirectory: true) }
        guard JobFiles.isConfined(target, to: job) else { return nil }
        try? FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        return JobFiles.isConfined(target, to: job) ? target : nil
    }

    /// Copy the regular files under `workspace` matching the comma-separated Ant patterns into
    /// `destination`, keeping their relative paths; the relative paths copied, sorted.
    static func copy(matching patterns: String, from workspace: URL, job: URL, to destination: URL) -> Result<[String], Problem> {
        let list = patterns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !list.isEmpty else { return .failure(Problem(message: "no file pattern given")) }
        for pattern in list where pattern.hasPrefix("/") || pattern.split(separator: "/").contains("..") {
            return .failure(Problem(message: "pattern \(pattern) must be relative to the workspace"))
        }
        guard JobFiles.isConfined(workspace, to: job) else { return .failure(Problem(message: "the workspace is not a directory of the job")) }
        let keys: [URLResourceKey] = [.isSymbolicLinkKey, .isRegularFileKey, .isDirectoryKey]
        guard let walker = FileManager.default.enumerator(at: workspace, includingPropertiesForKeys: keys) else { return .success([]) }
        let root = workspace.standardizedFileURL.path
        var matched: [String] = []
        var scanned = 0
        while let url = walker.nextObject() as? URL {
            scanned += 1
            guard scanned <= maxScanned else { return .failure(Problem(message: "more than \(maxScanned) files in the workspace")) }
            let values = try? url.resourceValues(forKeys: Set(keys))
            if values?.isSymbolicLink == true {
                walker.skipDescendants()
                continue
            }
            guard values?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(root + "/") else { continue }
            let relative = String(path.dropFirst(root.count + 1))
            if list.contains(where: { matches($0, relative) }) { matched.append(relative) }
            guard matched.count <= maxKept else { return .failure(Problem(message: "more than \(maxKept) files match \(patterns)")) }
        }
        matched.sort()
        for relative in matched {
            let source = workspace.appendingPathComponent(relative)
            let target = destination.appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: source, to: target)
            } catch {
                return .failure(Problem(message: "could not keep \(relative): \(error.localizedDescription)"))
            }
        }
        return .success(matched)
    }

    /// Ant matching: `**/` also matches no directory at all.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        if JenkinsGlob.matches(pattern, path) { return true }
        if pattern.hasPrefix("**/") { return matches(String(pattern.dropFirst(3)), path) }
        return false
    }
}

/// A CI job's cache directories: restored into the workspace before the stages, saved after.
struct Cache {
    let plan: JenkinsPipelinePlan
    let workspace: URL

    /// The server-side directory of one cache path.
    static func entry(_ root: String, _ path: String) -> URL {
        let name = String(path.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        return URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(name.isEmpty ? "_" : name, isDirectory: true)
    }

    private var pairs: [(cache: URL, work: URL, path: String)] {
        guard !plan.cacheDirectory.isEmpty else { return [] }
        return plan.cachePaths.compactMap { path in
            let parts = path.split(separator: "/").map(String.init)
            guard !parts.isEmpty, !parts.contains(".."), !path.hasPrefix("/") else { return nil }
            return (Self.entry(plan.cacheDirectory, path), parts.reduce(workspace) { $0.appendingPathComponent($1, isDirectory: true) }, path)
        }
    }

    func restore(log: @Sendable (String) async -> Void) async {
        for (cache, work, path) in pairs where FileManager.default.fileExists(atPath: cache.path) {
            guard JobFiles.isConfined(work, to: workspace) else { continue }
            try? FileManager.default.createDirectory(at: work.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: work)
            if (try? FileManager.default.copyItem(at: cache, to: work)) != nil { await log("Restored cache \(path)") }
        }
    }

    func save(log: @Sendable (String) async -> Void) async {
        for (cache, work, path) in pairs where FileManager.default.fileExists(atPath: work.path) {
            guard JobFiles.isConfined(work, to: workspace), JobFiles.symbolicLink(inTree: work) == nil else { continue }
            try? FileManager.default.createDirectory(at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: cache)
            if (try? FileManager.default.copyItem(at: work, to: cache)) != nil { await log("Saved cache \(path)") }
        }
    }
}
