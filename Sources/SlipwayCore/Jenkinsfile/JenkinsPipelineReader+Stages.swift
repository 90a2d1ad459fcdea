extension JenkinsPipelineReader {
    /// `stage('name') { agent? environment? when? options? steps { } | parallel { } post? }`.
    mutating func stage(_ command: JenkinsCommand) throws(JenkinsfileError) -> JenkinsStage {
        guard command.name == "stage" else { throw JenkinsfileError(at: command.position, "expected stage('name'), found \(command.name)") }
        guard command.arguments.count == 1, command.arguments[0].label == nil, case .string(let s) = command.arguments[0].value,
            let name = s.literal, !name.isEmpty, name.count <= 200
        else { throw JenkinsfileError(at: command.position, "stage needs its name as one string (without interpolation)") }
        stageCount += 1
        guard stageCount <= JenkinsfileLimits.maxStages else {
            throw JenkinsfileError(at: command.position, "more than \(JenkinsfileLimits.maxStages) stages")
        }
        var stage = JenkinsStage(
            name: name, position: command.position, agent: nil, environment: [], when: [], timeoutSeconds: nil, retry: nil,
            body: .steps([]), post: JenkinsPost())
        var seen: Set<String> = []
        var hasBody = false
        for statement in try Self.block(command) {
            let section = try Self.command(statement, "a stage section")
            guard seen.insert(section.name).inserted else { throw JenkinsfileError(at: section.position, "\(section.name) appears twice") }
            switch section.name {
            case "agent": stage.agent = try agent(section)
            case "environment": stage.environment = try environment(section)
            case "when": stage.when = try when(section)
            case "options": (stage.timeoutSeconds, stage.retry) = try options(section, allowRetry: true)
            case "post": stage.post = try post(section)
            case "steps", "parallel":
                guard !hasBody else { throw JenkinsfileError(at: section.position, "a stage has either steps or parallel, once") }
                hasBody = true
                try Self.noArguments(section)
                if section.name == "steps" {
                    stage.body = .steps(try steps(Self.block(section)))
                } else {
                    var branches: [JenkinsStage] = []
                    for inner in try Self.block(section) {
                        let branch = try self.stage(Self.command(inner, "stage('name') { … }"))
                        if case .parallel = branch.body {
                            throw JenkinsfileError(at: branch.position, "parallel stages cannot nest another parallel")
                        }
                        branches.append(branch)
                    }
                    guard !branches.isEmpty else { throw JenkinsfileError(at: section.position, "parallel { } needs at least one stage") }
                    stage.body = .parallel(branches)
                }
            default:
                throw JenkinsfileError(at: section.position, "stage section \(section.name) is not supported")
            }
        }
        guard hasBody else { throw JenkinsfileError(at: command.position, "stage \(name) needs steps { } or parallel { }") }
        return stage
    }

    /// `when { branch 'p'; environment name: 'X', value: 'y'; expression { … } }`.
    func when(_ command: JenkinsCommand) throws(JenkinsfileError) -> [JenkinsCondition] {
        try Self.noArguments(command)
        var out: [JenkinsCondition] = []
        for statement in try Self.block(command) {
            let condition = try Self.command(statement, "a when condition")
            switch condition.name {
            case "branch":
                if condition.arguments.first?.label == "pattern" {
                    out.append(.branch(try JenkinsArguments(condition, allowed: ["pattern"]).requiredString("pattern")))
                } else {
                    out.append(.branch(try Self.literalArgument(condition, what: "the branch pattern")))
                }
            case "environment":
                let args = try JenkinsArguments(condition, allowed: ["name", "value"])
                out.append(.environment(name: try args.requiredString("name"), value: try args.requiredString("value")))
            case "expression":
                try Self.noArguments(condition)
                guard let block = condition.block, block.count == 1, case .expression(let expression, _) = block[0] else {
                    throw JenkinsfileError(at: condition.position, "expression needs a { condition } block")
                }
                out.append(.expression(expression))
            default:
                throw JenkinsfileError(at: condition.position, "when condition \(condition.name) is not supported (use branch, environment or expression)")
            }
        }
        guard !out.isEmpty else { throw JenkinsfileError(at: command.position, "when { } needs a condition") }
        return out
    }

    /// `post { always { } success { } failure { } unstable { } aborted { } }`.
    mutating func post(_ command: JenkinsCommand) throws(JenkinsfileError) -> JenkinsPost {
        try Self.noArguments(command)
        var post = JenkinsPost()
        var seen: Set<String> = []
        for statement in try Self.block(command) {
            let condition = try Self.command(statement, "a post condition")
            guard seen.insert(condition.name).inserted else { throw JenkinsfileError(at: condition.position, "\(condition.name) appears twice") }
            try Self.noArguments(condition)
            let body = try steps(Self.block(condition))
            switch condition.name {
            case "always": post.always = body
            case "success": post.success = body
            case "failure": post.failure = body
            case "unstable": post.unstable = body
            case "aborted": post.aborted = body
            default:
                throw JenkinsfileError(
                    at: condition.position, "post condition \(condition.name) is not supported (use always, success, failure, unstable or aborted)")
            }
        }
        return post
    }

    /// The steps of a `steps { }` (or nested) block.
    mutating func steps(_ statements: [JenkinsStatement]) throws(JenkinsfileError) -> [JenkinsStep] {
        var out: [JenkinsStep] = []
        for statement in statements {
            let command = try Self.command(statement, "a step")
            stepCount += 1
            guard stepCount <= JenkinsfileLimits.maxSteps else {
                throw JenkinsfileError(at: command.position, "more than \(JenkinsfileLimits.maxSteps) steps")
            }
            out.append(try step(command))
        }
        return out
    }

    mutating func step(_ command: JenkinsCommand) throws(JenkinsfileError) -> JenkinsStep {
        let nested: Set<String> = ["dir", "withEnv", "retry", "timeout"]
        let leaves: Set<String> = ["sh", "echo", "checkout", "archiveArtifacts", "junit"]
        guard nested.contains(command.name) || leaves.contains(command.name) else {
            throw JenkinsfileError(at: command.position, "step \(command.name) is not supported")
        }
        if nested.contains(command.name) {
            guard command.block != nil else { throw JenkinsfileError(at: command.position, "\(command.name) needs a { } block of steps") }
        } else if command.block != nil {
            throw JenkinsfileError(at: command.position, "step \(command.name) takes no { } block")
        }
        switch command.name {
        case "sh":
            return .sh(try JenkinsArguments(command, allowed: ["script"], positional: "script").requiredText("script"))
        case "echo":
            return .echo(try JenkinsArguments(command, allowed: ["message"], positional: "message").requiredText("message"))
        case "checkout":
            guard command.arguments.count == 1, command.arguments[0].value == .path(["scm"]) else {
                throw JenkinsfileError(at: command.position, "only checkout scm is supported")
            }
            return .checkoutSCM
        case "dir":
            let path = try JenkinsArguments(command, allowed: ["path"], positional: "path").requiredText("path")
            return .dir(path, try steps(Self.block(command)))
        case "withEnv":
            return .withEnv(try JenkinsArguments.withEnvEntries(command), try steps(Self.block(command)))
        case "retry":
            return .retry(try JenkinsArguments.retryCount(command), try steps(Self.block(command)))
        case "timeout":
            return .timeout(seconds: try JenkinsArguments.timeoutSeconds(command), try steps(Self.block(command)))
        case "archiveArtifacts":
            let args = try JenkinsArguments(
                command, allowed: ["artifacts", "allowEmptyArchive", "fingerprint", "onlyIfSuccessful"], positional: "artifacts")
            if try args.bool("onlyIfSuccessful") == true {
                throw JenkinsfileError(at: command.position, "archiveArtifacts onlyIfSuccessful is not supported")
            }
            return .archiveArtifacts(try args.requiredText("artifacts"), allowEmpty: try args.bool("allowEmptyArchive") ?? false)
        case "junit":
            let args = try JenkinsArguments(command, allowed: ["testResults", "allowEmptyResults"], positional: "testResults")
            return .junit(try args.requiredText("testResults"), allowEmpty: try args.bool("allowEmptyResults") ?? false)
        default:
            throw JenkinsfileError(at: command.position, "step \(command.name) is not supported")
        }
    }
}
