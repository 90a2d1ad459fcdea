import SlipwayGit

/// A diff as a page shows it: per file its change, line counts and patch, each line marked
/// added, removed or context. Bounded: patches beyond `maxPatchBytes` (git leaves them out) and
/// files beyond `maxFiles` get a notice instead.
struct DiffView {
    /// Patch bytes asked of git for one page's diff.
    static let maxPatchBytes = 512 * 1024
    /// Files shown in full on one page.
    static let maxFiles = 200

    let strings: WebStrings

    func render(_ files: [FileDiff]) -> HTML {
        let additions = files.reduce(0) { $0 + $1.additions }, deletions = files.reduce(0) { $0 + $1.deletions }
        var parts: [HTML] = ["<p class=\"diffstat\">\(strings(.filesChanged, String(files.count), String(additions), String(deletions)))</p>"]
        for file in files.prefix(Self.maxFiles) { parts.append(render(file)) }
        if files.count > Self.maxFiles {
            parts.append("<p class=\"notice\">\(strings(.diffTooManyFiles, String(files.count - Self.maxFiles)))</p>")
        }
        return HTML(parts)
    }

    func render(_ file: FileDiff) -> HTML {
        let name: HTML = file.oldPath.map { old -> HTML in "\(old) → \(file.path)" } ?? HTML(text: file.path)
        let body: HTML
        if file.isBinary {
            body = "<p class=\"notice\">\(strings(.diffBinary))</p>"
        } else if file.patchTruncated {
            body = "<p class=\"notice\">\(strings(.diffTruncated))</p>"
        } else {
            body = "<pre class=\"diff\">\(lines(file.patch))</pre>"
        }
        return """
            <section class="diff-file" aria-label="\(file.path)">
            <h3><span class="change">\(file.status.rawValue)</span> \(name) <small><span class="add">+\(file.additions)</span> <span class="del">−\(file.deletions)</span></small></h3>
            \(body)
            </section>
            """
    }

    /// The patch's lines from its first hunk on (the `diff --git`, `index`, `---`, `+++` header is shown above).
    func lines(_ patch: String) -> HTML {
        var out: [HTML] = []
        var inHunks = false
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@") { inHunks = true }
            guard inHunks else { continue }
            let text = String(line)
            switch line.first {
            case "@": out.append("<span class=\"hunk\">\(text)</span>\n")
            case "+": out.append("<span class=\"add\">\(text)</span>\n")
            case "-": out.append("<span class=\"del\">\(text)</span>\n")
            default: out.append("\(text)\n")
            }
        }
        return HTML(out)
    }
}

/// Sizes as people read them.
enum RepoFormat {
    static func bytes(_ size: Int64) -> String {
        if size < 1024 { return "\(size) B" }
        if size < 1 << 20 { return "\(size / 1024) KiB" }
        return "\(size / (1 << 20)) MiB"
    }
}
