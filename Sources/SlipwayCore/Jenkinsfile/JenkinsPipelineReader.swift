extension JenkinsPipeline {
    /// Parse `text` as a declarative pipeline in the supported subset; anything else is refused
    /// with its line and column.
    package static func parse(_ text: String) throws(JenkinsfileError) -> JenkinsPipeline {
        var reader = JenkinsPipelineReader()
        let pipeline = try reader.pipeline(JenkinsSyntaxParser.parse(text))
        return pipeline
    }
}

/// Reads the meaning of the statements, counting stages and steps against the bounds.
struct JenkinsPipelineReader {
    var stageCount = 0
    var stepCount = 0

    mutating func pipeline(_ statements: [JenkinsStatement]) throws(JenkinsfileError) -> JenkinsPipeline {
        guard let first = statements.first else { throw JenkinsfileError(line: 1, column: 1, "the Jenkinsfile has no pipeline { } block") }
        guard case .command(let command) = first, command.name == "pipeline", let body = command.block, command.arguments.isEmpty else {
            throw JenkinsfileError(at: first.position, "only a declarative pipeline { } is supported (scripted pipelines are not)")
        }
        if statements.count > 1 { throw JenkinsfileError(at: statements[1].position, "nothing may follow the pipeline { } block") }
        var pipeline = JenkinsPipeline(agent: .any, environment: [], parameters: [], timeoutSeconds: nil, stages: [], post: JenkinsPost())
        var seen: Set<String> = []
        var sawAgent = false
        for statement in body {
            let section = try Self.command(statement, "a pipeline section")
            guard seen.insert(section.name).inserted else { throw JenkinsfileError(at: section.position, "\(section.name) appears twice") }
            switch section.name {
            case "agent":
                pipeline.agent = try agent(section)
                sawAgent = true
            case "environment": pipeline.environment = try environment(section)
            case "parameters": pipeline.parameters = try parameters(section)
            case "options": pipeline.timeoutSeconds = try options(section, allowRetry: false).timeout
            case "stages": pipeline.stages = try stages(section)
            case "post": pipeline.post = try post(section)
            default:
                throw JenkinsfileError(at: section.position, "pipeline section \(section.name) is not supported")
            }
        }
        guard sawAgent else { throw JenkinsfileError(at: first.position, "the pipeline needs an agent section") }
        guard !pipeline.stages.isEmpty else { throw JenkinsfileError(at: first.position, "the pipeline needs a stages { } block with at least one stage") }
        return pipeline
    }

    static func command(_ statement: JenkinsStatement, _ what: String) throws(JenkinsfileError) -> JenkinsCommand {
        guard case .command(let command) = statement else { throw JenkinsfileError(at: statement.position, "expected \(what)") }
        return command
    }

    static func block(_ command: JenkinsCommand) throws(JenkinsfileError) -> [JenkinsStatement] {
        guard let block = command.block else { throw JenkinsfileError(at: command.position, "\(command.name) needs a { } block") }
        return block
    }

    static func noArguments(_ command: JenkinsCommand) throws(JenkinsfileError) {
        if let first = command.arguments.first { throw JenkinsfileError(at: first.position, "\(command.name) takes no arguments") }
    }

    /// `agent any | none | { label 'x' } | { docker 'img' } | { docker { image 'img' } }`.
    func agent(_ command: JenkinsCommand) throws(JenkinsfileError) -> JenkinsAgent {
        if let block = command.block {
            try Self.noArguments(command)
            guard block.count == 1, case .command(let kind) = block[0] else {
                throw JenkinsfileError(at: command.position, "agent { } needs exactly one of label or docker")
            }
            switch kind.name {
            case "label":
                return .label(try Self.literalArgument(kind, what: "the label"))
            case "docker":
                if let inner = kind.block {
                    try Self.noArguments(kind)
                    guard inner.count == 1, case .command(let image) = inner[0], image.name == "image" else {
                        throw JenkinsfileError(at: kind.position, "docker { } supports only image '…'")
                    }
                    return .docker(try Self.image(image))
                }
                return .docker(try Self.image(kind))
            default:
                throw JenkinsfileError(at: kind.position, "agent \(kind.name) is not supported (use any, none, label or docker)")
            }
        }
        guard command.arguments.count == 1, case .path(let path) = command.arguments[0].value, path.count == 1 else {
            throw JenkinsfileError(at: command.position, "agent needs any, none or a { label / docker } block")
        }
        switch path[0] {
        case "any": return .any
        case "none": return .none
        default: throw JenkinsfileError(at: command.arguments[0].position, "agent \(path[0]) is not supported (use any, none, label or docker)")
        }
    }

    static func image(_ command: JenkinsCommand) throws(JenkinsfileError) -> String {
        let image = try literalArgument(command, what: "the image")
        if let problem = ContainerImageReference.problem(image) { throw JenkinsfileError(at: command.position, problem) }
        return image
    }

    /// The one positional string argument of `command`, without interpolation.
    static func literalArgument(_ command: JenkinsCommand, what: String) throws(JenkinsfileError) -> String {
        guard command.block == nil, command.arguments.count == 1, command.arguments[0].label == nil,
            case .string(let s) = command.arguments[0].value
        else { throw JenkinsfileError(at: command.position, "\(command.name) needs \(what) as one string") }
        guard let text = s.literal, !text.isEmpty else {
            throw JenkinsfileError(at: command.arguments[0].position, "\(what) must be a non-empty string without interpolation")
        }
        return text
    }

    /// `environment { NAME = 'value' }`.
    func environment(_ command: JenkinsCommand) throws(JenkinsfileError) -> [JenkinsEnvironmentEntry] {
        try Self.noArguments(command)
        var out: [JenkinsEnvironmentEntry] = []
        for statement in try Self.block(command) {
            guard case .assignment(let name, let value, let position) = statement else {
                throw JenkinsfileError(at: statement.position, "environment { } holds NAME = 'value' lines only")
            }
            guard JenkinsVariable.isName(name) else { throw JenkinsfileError(at: position, "\(name) is not a valid variable name") }
            guard case .string(let text) = value else {
                throw JenkinsfileError(at: position, "the value of \(name) must be a string (\(value.kindName) is not supported)")
            }
            out.append(JenkinsEnvironmentEntry(name: name, value: text))
            guard out.count <= JenkinsfileLimits.maxEntries else {
                throw JenkinsfileError(at: position, "more than \(JenkinsfileLimits.maxEntries) environment entries")
            }
        }
        return out
    }

    /// `parameters { string(…) booleanParam(…) choice(…) }`.
    func parameters(_ command: JenkinsCommand) throws(JenkinsfileError) -> [JenkinsParameter] {
        try Self.noArguments(command)
        var out: [JenkinsParameter] = []
        for statement in try Self.block(command) {
            let p = try Self.command(statement, "string(…), booleanParam(…) or choice(…)")
            let args = try JenkinsArguments(p, allowed: ["name", "defaultValue", "description", "choices", "trim"])
            let name = try args.requiredString("name")
            guard JenkinsVariable.isName(name) else { throw JenkinsfileError(at: p.position, "parameter name \(name) is not a valid variable name") }
            let description = try args.string("description") ?? ""
            switch p.name {
            case "string":
                out.append(
                    JenkinsParameter(kind: .string, name: name, defaultValue: try args.string("defaultValue") ?? "", choices: [], description: description))
            case "booleanParam":
                let value = try args.bool("defaultValue") ?? false
                out.append(JenkinsParameter(kind: .boolean, name: name, defaultValue: value ? "true" : "false", choices: [], description: description))
            case "choice":
                let choices = try args.stringList("choices")
                guard let first = choices.first else { throw JenkinsfileError(at: p.position, "choice \(name) needs choices") }
                out.append(JenkinsParameter(kind: .choice, name: name, defaultValue: first, choices: choices, description: description))
            default:
                throw JenkinsfileError(at: p.position, "parameter type \(p.name) is not supported (use string, booleanParam or choice)")
            }
            guard out.count <= JenkinsfileLimits.maxEntries else {
                throw JenkinsfileError(at: p.position, "more than \(JenkinsfileLimits.maxEntries) parameters")
            }
        }
        return out
    }

    /// `options { timeout(time: n, unit: 'MINUTES') }` and, for a stage, `retry(n)`.
    func options(_ command: JenkinsCommand, allowRetry: Bool) throws(JenkinsfileError) -> (timeout: Int?, retry: Int?) {
        try Self.noArguments(command)
        var timeout: Int?, retry: Int?
        for statement in try Self.block(command) {
            let option = try Self.command(statement, "an option")
            switch option.name {
            case "timeout": timeout = try JenkinsArguments.timeoutSeconds(option)
            case "retry" where allowRetry: retry = try JenkinsArguments.retryCount(option)
            default: throw JenkinsfileError(at: option.position, "option \(option.name) is not supported")
            }
        }
        return (timeout, retry)
    }

    /// `stages { stage('name') { … } … }`.
    mutating func stages(_ command: JenkinsCommand) throws(JenkinsfileError) -> [JenkinsStage] {
        try Self.noArguments(command)
        var out: [JenkinsStage] = []
        var names: Set<String> = []
        for statement in try Self.block(command) {
            let stage = try stage(Self.command(statement, "stage('name') { … }"))
            guard names.insert(stage.name).inserted else { throw JenkinsfileError(at: stage.position, "stage \(stage.name) appears twice") }
            out.append(stage)
        }
        guard !out.isEmpty else { throw JenkinsfileError(at: command.position, "stages { } needs at least one stage") }
        return out
    }
}
