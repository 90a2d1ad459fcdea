/// A `freestyle` job: steps run one after another in one workspace.
///
/// Two spec layouts: `steps: [{name, type, spec}]`, or the newer `repos` + `script` at the top
/// of the spec (read as a `git` step then a `shell` step).
package struct FreestylePlan: Sendable, Equatable {
    package var steps: [FreestyleStep]
    /// Zadig's build OS setting (`properties.build_os`, `properties.image_from`), read as an
    /// image by `image`.
    package var buildOS: String
    package var imageFrom: String
    /// The agent labels the job asks for (`vm_labels`, see `JobSettings.vmLabels`); empty runs it on the server.
    package var vmLabels: [String] = []

    package init(steps: [FreestyleStep], buildOS: String = "", imageFrom: String = "", vmLabels: [String] = []) {
        self.steps = steps
        self.buildOS = buildOS
        self.imageFrom = imageFrom
        self.vmLabels = vmLabels
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        vmLabels = try JobSettings.vmLabels(spec)
        let properties = spec["properties"]
        try properties.requireObjectOrAbsent()
        buildOS = try properties["build_os"].string().trimmingCharacters(in: .whitespaces)
        imageFrom = try properties["image_from"].string()
        if let image = Self.image(buildOS: buildOS, imageFrom: imageFrom) {
            _ = try ContainerImageReference.checked(image, at: properties["build_os"])
        }
        let listed = try spec["steps"].items()
        if !listed.isEmpty {
            steps = try listed.map { (step) throws(JobPlanError) in try FreestyleStep(step) }
            return
        }
        var synthesized: [FreestyleStep] = []
        let repos = try spec["repos"].items()
        if !repos.isEmpty {
            synthesized.append(FreestyleStep(name: "git", type: "git", action: .git(try repos.map { (repo) throws(JobPlanError) in try GitCloneSource(repo) })))
        }
        if let script = try spec["script"].nonEmptyString() {
            synthesized.append(FreestyleStep(name: "shell", type: "shell", action: .shell(script: script)))
        }
        steps = synthesized
    }

    /// The same plan with every template-bearing text passed through `text`; shell scripts through `script` first.
    package func mapTemplates(script: (String) -> String, text: (String) -> String) -> FreestylePlan {
        FreestylePlan(
            steps: steps.map { $0.mapTemplates(script: script, text: text) }, buildOS: text(buildOS), imageFrom: text(imageFrom),
            vmLabels: vmLabels)
    }

    /// The image every step runs in, as Zadig's build OS setting picks it: with `image_from:
    /// custom` the `build_os` value is the image itself (as Zadig's job controller reads it); a
    /// `build_os` holding `/` or `:` is taken as a plain image reference too. A bare OS name
    /// (`focal`, `bionic`) names one of Zadig's own build-base images, which this server stands in
    /// for: nil, the steps run on the server's own executor.
    package var image: String? { Self.image(buildOS: buildOS, imageFrom: imageFrom) }

    static func image(buildOS: String, imageFrom: String) -> String? {
        guard !buildOS.isEmpty else { return nil }
        return imageFrom == "custom" || buildOS.contains("/") || buildOS.contains(":") ? buildOS : nil
    }
}

/// One step of a freestyle job.
package struct FreestyleStep: Sendable, Equatable {
    package var name: String
    /// The step type as written (`shell`, `git`, `tools`, `archive`).
    package var type: String
    package var action: Action

    /// What a step does.
    package enum Action: Sendable, Equatable {
        /// Run a bash script in the workspace.
        case shell(script: String)
        /// Clone repositories into the workspace.
        case git([GitCloneSource])
        /// Tools the step asks for (the host's installation is used).
        case tools([ToolInstall])
        /// Copy workspace files into the task's artifacts.
        case archive([ArchiveItem])
    }

    /// The step types a freestyle job runs.
    package static let types = ["shell", "git", "tools", "archive"]

    package init(name: String, type: String, action: Action) {
        self.name = name
        self.type = type
        self.action = action
    }

    init(_ step: SpecReader) throws(JobPlanError) {
        try step.requireObjectOrAbsent()
        let type = try step["type"].string()
        name = try step["name"].optionalString() ?? (type.isEmpty ? "step" : type)
        self.type = type
        let spec = step["spec"]
        try spec.requireObjectOrAbsent()
        switch type {
        case "shell": action = .shell(script: try spec["script"].string())
        case "git": action = .git(try spec["repos"].items().map { (repo) throws(JobPlanError) in try GitCloneSource(repo) })
        case "tools": action = .tools(try spec["installs"].items().map { (tool) throws(JobPlanError) in try ToolInstall(tool) })
        case "archive":
            let items = try spec["upload_detail"].items() + spec["files"].items()
            action = .archive(try items.map { (item) throws(JobPlanError) in try ArchiveItem(item) })
        default:
            throw step["type"].failure("step type \(type.isEmpty ? "(none)" : type) is not supported (\(Self.types.joined(separator: ", ")))")
        }
    }

    func mapTemplates(script: (String) -> String, text: (String) -> String) -> FreestyleStep {
        let mapped: Action
        switch action {
        case .shell(let body): mapped = .shell(script: text(script(body)))
        case .git(let repos): mapped = .git(repos.map { $0.mapTemplates(text) })
        case .tools(let tools): mapped = .tools(tools.map { ToolInstall(name: text($0.name), version: text($0.version)) })
        case .archive(let items): mapped = .archive(items.map { ArchiveItem(source: text($0.source), destination: text($0.destination)) })
        }
        return FreestyleStep(name: text(name), type: type, action: mapped)
    }
}

/// A tool a `tools` step names.
package struct ToolInstall: Sendable, Equatable {
    package var name: String
    package var version: String

    package init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    init(_ tool: SpecReader) throws(JobPlanError) {
        try tool.requireObjectOrAbsent()
        name = try tool["name"].string(default: "?")
        version = try tool["version"].string()
    }
}

/// A file an `archive` step keeps: `{file_path, dest_dir}` or just the path.
package struct ArchiveItem: Sendable, Equatable {
    package var source: String
    package var destination: String

    package init(source: String, destination: String = "") {
        self.source = source
        self.destination = destination
    }

    init(_ item: SpecReader) throws(JobPlanError) {
        if case .object = item.value {
            source = try item["file_path"].string()
            destination = try item["dest_dir"].string()
        } else {
            source = try item.string()
            destination = ""
        }
    }
}

extension FreestylePlan {
    /// The steps of a spec in either layout, as written: `steps`, or a `git` step for `repos`
    /// and a `shell` step for `script` (what the detail responses show).
    package static func wireSteps(of spec: JSONValue) -> [JSONValue] {
        let steps = spec["steps"].array
        if !steps.isEmpty { return steps }
        var synthesized: [JSONValue] = []
        if !spec["repos"].array.isEmpty {
            synthesized.append(.object(["name": .string("git"), "type": .string("git"), "spec": .object(["repos": spec["repos"]])]))
        }
        if let script = spec["script"].string, !script.isEmpty {
            synthesized.append(.object(["name": .string("shell"), "type": .string("shell"), "spec": .object(["script": .string(script)])]))
        }
        return synthesized
    }
}
