/// A declarative Jenkinsfile in the supported subset, its meaning read (`JenkinsPipeline.parse`).
package struct JenkinsPipeline: Sendable, Equatable {
    package var agent: JenkinsAgent
    package var environment: [JenkinsEnvironmentEntry]
    package var parameters: [JenkinsParameter]
    /// `options { timeout(time:, unit:) }`, in seconds.
    package var timeoutSeconds: Int?
    package var stages: [JenkinsStage]
    package var post: JenkinsPost

    /// Every stage, parallel branches after their parent, in order (what Blue Ocean lists).
    package var allStages: [JenkinsStage] {
        func walk(_ stages: [JenkinsStage]) -> [JenkinsStage] {
            stages.flatMap { stage -> [JenkinsStage] in
                if case .parallel(let branches) = stage.body { return [stage] + walk(branches) }
                return [stage]
            }
        }
        return walk(stages)
    }
}

/// Where a pipeline or stage runs: `any`/`none` on the server's executor, `label` on an agent
/// carrying the label, `docker` in a container of the image.
package enum JenkinsAgent: Sendable, Equatable {
    case any
    case none
    case label(String)
    case docker(String)
}

/// `NAME = value` of an `environment { }` block.
package struct JenkinsEnvironmentEntry: Sendable, Equatable {
    package var name: String
    package var value: JenkinsString
}

/// A build parameter: `string`, `booleanParam` or `choice`.
package struct JenkinsParameter: Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable {
        case string, boolean, choice
    }
    package var kind: Kind
    package var name: String
    package var defaultValue: String
    package var choices: [String]
    package var description: String
}

/// A stage: its own agent, environment, `when` conditions (all must hold), options, and
/// either steps or parallel branches; and its `post` blocks.
package struct JenkinsStage: Sendable, Equatable {
    package enum Body: Sendable, Equatable {
        case steps([JenkinsStep])
        case parallel([JenkinsStage])
    }
    package var name: String
    package var position: JenkinsPosition
    package var agent: JenkinsAgent?
    package var environment: [JenkinsEnvironmentEntry]
    package var when: [JenkinsCondition]
    package var timeoutSeconds: Int?
    package var retry: Int?
    package var body: Body
    package var post: JenkinsPost
}

/// One `when` condition.
package enum JenkinsCondition: Sendable, Equatable {
    /// `branch 'pattern'`: the build's branch matches the Ant-style glob (`*`, `?`).
    case branch(String)
    /// `environment name: 'X', value: 'y'`.
    case environment(name: String, value: String)
    case expression(JenkinsExpression)

    /// Whether the condition holds for `branch` and `environment`.
    package func holds(branch: String, environment: [String: String]) -> Bool {
        switch self {
        case .branch(let pattern): return JenkinsGlob.matches(pattern, branch)
        case .environment(let name, let value): return environment[name] == value
        case .expression(let expression): return expression.evaluate(environment)
        }
    }
}

/// `post { always / success / failure / unstable / aborted }`: steps run after the stage or
/// pipeline by its result, always first.
package struct JenkinsPost: Sendable, Equatable {
    package var always: [JenkinsStep] = []
    package var success: [JenkinsStep] = []
    package var failure: [JenkinsStep] = []
    package var unstable: [JenkinsStep] = []
    package var aborted: [JenkinsStep] = []

    package var isEmpty: Bool { always.isEmpty && success.isEmpty && failure.isEmpty && unstable.isEmpty && aborted.isEmpty }
}

/// One step.
package indirect enum JenkinsStep: Sendable, Equatable {
    case sh(JenkinsString)
    case echo(JenkinsString)
    case checkoutSCM
    case dir(JenkinsString, [JenkinsStep])
    case withEnv([JenkinsEnvironmentEntry], [JenkinsStep])
    case retry(Int, [JenkinsStep])
    case timeout(seconds: Int, [JenkinsStep])
    case archiveArtifacts(JenkinsString, allowEmpty: Bool)
    case junit(JenkinsString, allowEmpty: Bool)

    /// Blue Ocean's `displayName` for the step.
    package var displayName: String {
        switch self {
        case .sh: return "Shell Script"
        case .echo: return "Print Message"
        case .checkoutSCM: return "Check out from version control"
        case .dir: return "Change current directory"
        case .withEnv: return "Set environment variables"
        case .retry: return "Retry the body up to N times"
        case .timeout: return "Enforce time limit"
        case .archiveArtifacts: return "Archive the artifacts"
        case .junit: return "Archive JUnit-formatted test results"
        }
    }
}

/// Ant-style branch patterns as `when { branch }` matches them: `*` any run of characters but
/// `/`, `**` any run, `?` one character.
package enum JenkinsGlob {
    package static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        // Iterative matcher over (pattern index, text index) with memo: bounded by |p|·|t|.
        var memo = [Int: Bool]()
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (t.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if i == p.count {
                result = j == t.count
            } else if p[i] == "*" {
                let double = i + 1 < p.count && p[i + 1] == "*"
                let next = double ? i + 2 : i + 1
                var k = j
                var found = match(next, k)
                while !found, k < t.count, double || t[k] != "/" {
                    k += 1
                    found = match(next, k)
                }
                result = found
            } else if j < t.count, p[i] == "?" || p[i] == t[j] {
                result = match(i + 1, j + 1)
            } else {
                result = false
            }
            memo[key] = result
            return result
        }
        guard p.count <= 512, t.count <= 1024 else { return false }
        return match(0, 0)
    }
}
