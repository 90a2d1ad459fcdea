/// A build's `post_build.docker_build` (Zadig's image build after the build script): the build
/// context directory (`work_dir`) and Dockerfile (`docker_file`), both relative to the job's
/// workspace, and `build_args` (`--build-arg KEY=VALUE …`). The image is named after the job's
/// service module and pushed to the job's registry. Every value reaches podman as an argument,
/// never as shell text.
package struct DockerBuildStep: Sendable, Equatable {
    package var workDirectory: String
    package var dockerfile: String
    package var buildArguments: [(key: String, value: String)]

    package static func == (a: DockerBuildStep, b: DockerBuildStep) -> Bool {
        a.workDirectory == b.workDirectory && a.dockerfile == b.dockerfile
            && a.buildArguments.elementsEqual(b.buildArguments) { $0.key == $1.key && $0.value == $1.value }
    }

    /// The longest `build_args` text and the most arguments accepted.
    package static let maximumArgumentBytes = 8 * 1024
    package static let maximumArguments = 64

    package init(workDirectory: String, dockerfile: String, buildArguments: [(key: String, value: String)] = []) {
        self.workDirectory = workDirectory
        self.dockerfile = dockerfile
        self.buildArguments = buildArguments
    }

    /// The step a build's `post_build` asks for, nil when it asks for none (`docker_build` absent,
    /// null or empty). Throws on a step that cannot run: a Dockerfile from a template, a path
    /// leaving the workspace, build arguments other than `--build-arg KEY=VALUE`.
    package init?(postBuild: JSONValue) throws(SlipwayError) {
        let spec = postBuild["docker_build"]
        guard case .object(let object) = spec, !object.isEmpty else {
            if spec.isNull || spec == .object([:]) { return nil }
            throw .invalidInput("post_build.docker_build must be an object")
        }
        func text(_ key: String) throws(SlipwayError) -> String {
            switch spec[key] {
            case .null: return ""
            case .string(let value): return value.trimmingCharacters(in: .whitespaces)
            default: throw .invalidInput("post_build.docker_build.\(key) must be a string")
            }
        }
        let source = try text("source")
        guard source.isEmpty || source == "local" else {
            throw .invalidInput("post_build.docker_build.source \(source) is not supported (only local: a Dockerfile in the workspace)")
        }
        let workDirectory = try text("work_dir")
        let dockerfile = try text("docker_file")
        for (key, path) in [("work_dir", workDirectory), ("docker_file", dockerfile)] where !Self.staysInWorkspace(path) {
            throw .invalidInput("post_build.docker_build.\(key) must be a relative path inside the workspace")
        }
        self.init(workDirectory: workDirectory, dockerfile: dockerfile, buildArguments: try Self.arguments(try text("build_args")))
    }

    /// `--build-arg KEY=VALUE` (or `--build-arg=KEY=VALUE`) pairs separated by spaces.
    static func arguments(_ text: String) throws(SlipwayError) -> [(key: String, value: String)] {
        guard text.utf8.count <= maximumArgumentBytes else {
            throw .invalidInput("post_build.docker_build.build_args must be at most \(maximumArgumentBytes) bytes")
        }
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)[...]
        var found: [(key: String, value: String)] = []
        while let word = words.popFirst() {
            let pair: String
            if word == "--build-arg", let next = words.popFirst() {
                pair = next
            } else if word.hasPrefix("--build-arg=") {
                pair = String(word.dropFirst("--build-arg=".count))
            } else {
                throw .invalidInput("post_build.docker_build.build_args: only --build-arg KEY=VALUE is supported (got \(word.prefix(40).debugDescription))")
            }
            let key = String(pair.prefix { $0 != "=" })
            guard QualityParameter.isValidKey(key), pair.contains("=") else {
                throw .invalidInput("post_build.docker_build.build_args: \(pair.prefix(40).debugDescription) is not KEY=VALUE")
            }
            found.append((key, String(pair.dropFirst(key.count + 1))))
            guard found.count <= maximumArguments else {
                throw .invalidInput("post_build.docker_build.build_args: at most \(maximumArguments) arguments")
            }
        }
        return found
    }

    /// Relative, without `..`, at most 1024 bytes, no NUL (empty: the workspace itself).
    static func staysInWorkspace(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/").contains("..") && path.utf8.count <= 1024 && !path.contains("\0")
    }

    /// The Dockerfile's path relative to the workspace: `docker_file`, else `Dockerfile` in the
    /// build context directory.
    package var dockerfilePath: String {
        if !dockerfile.isEmpty { return dockerfile }
        return workDirectory.isEmpty ? "Dockerfile" : "\(workDirectory)/Dockerfile"
    }
}

extension DockerBuildStep {
    /// The line of the first `RUN` instruction in a Dockerfile's text (lines continued with `\`
    /// belong to the instruction they continue; comments are skipped), nil when there is none.
    package static func firstRunInstruction(in text: String) -> Int? {
        var continued = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let isContinuation = continued
            if trimmed.hasPrefix("#") { continue }
            continued = trimmed.hasSuffix("\\")
            if isContinuation { continue }
            if trimmed.prefix(while: { !$0.isWhitespace && $0 != "[" }).uppercased() == "RUN" { return index + 1 }
        }
        return nil
    }
}
