import Foundation
import SlipwayCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads the JUnit XML files a job left under a directory of its workspace: every `*.xml` regular
/// file reached without symbolic links, at most `maxFiles` files and `maxTotalBytes` bytes in all,
/// each parsed with `JUnitReport.parse` within its limits. A file that does not parse is
/// reported in `problems` and left out; the rest are merged.
package enum JUnitReportCollector {
    package struct Collected: Sendable {
        package var report: JUnitReport
        /// How many files were read into `report`.
        package var files: Int
        /// One line per file left out, and why.
        package var problems: [String]
    }

    package static let maxFiles = 500
    package static let maxTotalBytes = 64 << 20

    /// `directory` must lie inside `jobDirectory`; files are named relative to `directory` in problems.
    package static func collect(in directory: URL, jobDirectory: URL, limits: JUnitReport.Limits = .standard) -> Collected {
        var collected = Collected(report: JUnitReport(suites: []), files: 0, problems: [])
        guard JobFiles.isConfined(directory, to: jobDirectory) else {
            collected.problems.append("the report directory is outside the job or behind a symbolic link")
            return collected
        }
        var paths: [String] = []
        do {
            try JobFiles.walk(directory.path) { path, isDirectory in
                if !isDirectory, path.hasSuffix(".xml") { paths.append(path) }
            }
        } catch {
            collected.problems.append("the report directory could not be read: \(error)")
        }
        var total = 0
        var reports: [JUnitReport] = []
        let root = directory.path
        for path in paths.sorted() {
            let name = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
            guard reports.count + collected.problems.count < maxFiles else {
                collected.problems.append("more than \(maxFiles) report files: the rest are not read")
                break
            }
            let url = URL(fileURLWithPath: path)
            var info = stat()
            guard JobFiles.isConfinedRegularFile(url, in: jobDirectory), lstat(path, &info) == 0 else {
                collected.problems.append("\(name): not a regular file")
                continue
            }
            let size = Int(info.st_size)
            guard size <= limits.maxBytes, total + size <= maxTotalBytes else {
                collected.problems.append("\(name): too large (\(size) bytes)")
                continue
            }
            total += size
            guard let data = WholeFile.data(at: url) else {
                collected.problems.append("\(name): could not be read")
                continue
            }
            do { reports.append(try JUnitReport.parse(data, limits: limits)) } catch {
                collected.problems.append("\(name): \(error.description)")
            }
        }
        collected.report = JUnitReport.merging(reports)
        collected.files = reports.count
        return collected
    }
}

/// Files of a job's checkout the server reads.
enum QualityFiles {
    /// The commit checked out in the repository at `directory` (its `.git/HEAD`, through a
    /// branch's ref when it names one); nil when it cannot be read or is not a commit id.
    static func headCommit(of directory: URL, in jobDirectory: URL) -> String? {
        let git = directory.appendingPathComponent(".git")
        func read(_ relative: String) -> String? {
            let url = git.appendingPathComponent(relative)
            guard JobFiles.isConfinedRegularFile(url, in: jobDirectory), let text = WholeFile.text(at: url), text.utf8.count < 4096 else {
                return nil
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard var head = read("HEAD") else { return nil }
        if head.hasPrefix("ref: ") {
            let ref = String(head.dropFirst(5))
            guard ref.hasPrefix("refs/"), !ref.contains("..") else { return nil }
            guard let target = read(ref) else { return nil }
            head = target
        }
        let isHex = head.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
        return isHex && (head.count == 40 || head.count == 64) ? head : nil
    }
}

extension JUnitReportCollector {
    /// The JUnit files at `paths` (relative to `root`, none leaving it), merged: what a CODING CI
    /// build's `junit` steps kept. A file too large, missing or not parsing counts nothing.
    package static func report(files paths: [String], under root: URL, limits: JUnitReport.Limits = .standard) -> JUnitReport {
        var reports: [JUnitReport] = []
        for path in paths.prefix(maxFiles) where !path.hasPrefix("/") && !path.split(separator: "/").contains("..") {
            let file = root.appendingPathComponent(path)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int, size <= limits.maxBytes,
                let data = FileManager.default.contents(atPath: file.path), let report = try? JUnitReport.parse(data, limits: limits)
            else { continue }
            reports.append(report)
        }
        return JUnitReport.merging(reports)
    }
}
