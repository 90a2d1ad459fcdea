import Foundation
import SlipwayCore
import Testing

/// The declarative Jenkinsfile subset: what is accepted, what is refused (with line and
/// column), and the bounds.
@Suite struct JenkinsfileParserTests {
    static let full = #"""
        // A pipeline using every supported construct
        pipeline {
            agent { docker { image 'alpine:3.19' } }
            environment {
                GREETING = "hello ${env.USER_NAME}"
                PLAIN = 'x'
            }
            parameters {
                string(name: 'TARGET', defaultValue: 'prod', description: 'where')
                booleanParam(name: 'DEPLOY', defaultValue: true)
                choice(name: 'MODE', choices: ['fast', 'slow'])
            }
            options { timeout(time: 2, unit: 'HOURS') }
            stages {
                stage('Build') {
                    steps {
                        checkout scm
                        sh 'make'
                        sh script: "echo $GREETING ${params.TARGET}"
                        sh '''
                            echo one
                            echo two
                        '''
                        echo "built ${env.BRANCH_NAME}"
                        dir('sub/dir') { sh 'ls' }
                        withEnv(['A=b', "C=${env.PLAIN}"]) { sh 'env' }
                        retry(3) { sh 'flaky' }
                        timeout(time: 30, unit: 'SECONDS') { sh 'sleep 1' }
                    }
                }
                stage('Checks') {
                    when {
                        branch 'release/*'
                        environment name: 'MODE', value: 'fast'
                        expression { return params.DEPLOY == 'true' && (env.X != 'y' || !false) }
                    }
                    parallel {
                        stage('Unit') { agent { label 'linux' }; steps { junit 'reports/**/*.xml' } }
                        stage('Lint') { steps { archiveArtifacts artifacts: 'out/*.txt', allowEmptyArchive: true } }
                    }
                }
            }
            post {
                always { echo 'done' }
                failure { echo 'failed' }
            }
        }
        """#

    @Test func theWholeSubsetParses() throws {
        let pipeline = try JenkinsPipeline.parse(Self.full)
        #expect(pipeline.agent == .docker("alpine:3.19"))
        #expect(pipeline.environment.map(\.name) == ["GREETING", "PLAIN"])
        #expect(pipeline.environment[0].value.parts == [.literal("hello "), .variable(JenkinsVariable(scope: .env, name: "USER_NAME"))])
        #expect(pipeline.parameters.map(\.kind) == [.string, .boolean, .choice])
        #expect(pipeline.parameters[1].defaultValue == "true")
        #expect(pipeline.parameters[2].choices == ["fast", "slow"])
        #expect(pipeline.timeoutSeconds == 7200)
        #expect(pipeline.allStages.map(\.name) == ["Build", "Checks", "Unit", "Lint"])
        guard case .steps(let steps) = pipeline.stages[0].body else { Issue.record("Build has steps"); return }
        #expect(steps.count == 9)
        #expect(steps[0] == .checkoutSCM)
        guard case .sh(let interpolated) = steps[2] else { Issue.record("sh script:"); return }
        #expect(interpolated.shellScript == "echo ${GREETING} ${TARGET}", "interpolation reaches the shell as its own expansion")
        #expect(steps[7] == .retry(3, [.sh(JenkinsString(literal: "flaky"))]))
        #expect(steps[8] == .timeout(seconds: 30, [.sh(JenkinsString(literal: "sleep 1"))]))
        #expect(pipeline.stages[1].when.count == 3)
        guard case .parallel(let branches) = pipeline.stages[1].body else { Issue.record("Checks is parallel"); return }
        #expect(branches[0].agent == .label("linux"))
        #expect(branches[0].body == .steps([.junit(JenkinsString(literal: "reports/**/*.xml"), allowEmpty: false)]))
        #expect(pipeline.post.always == [.echo(JenkinsString(literal: "done"))])
    }

    @Test func whenConditionsEvaluate() throws {
        let pipeline = try JenkinsPipeline.parse(Self.full)
        let when = pipeline.stages[1].when
        let env = ["MODE": "fast", "DEPLOY": "true", "X": "y"]
        #expect(when.allSatisfy { $0.holds(branch: "release/1.0", environment: env) })
        #expect(!when[0].holds(branch: "release/1.0/x", environment: env), "* does not cross /")
        #expect(!when[2].holds(branch: "main", environment: ["DEPLOY": "false"]))
        #expect(JenkinsGlob.matches("feature/**", "feature/a/b"))
    }

    /// Each refusal names the line and column of what is outside the subset.
    @Test(arguments: [
        ("pipeline {\n  agent any\n  stages { stage('a') { steps { bat 'dir' } } }\n}", 3, 33, "step bat is not supported"),
        ("pipeline {\n  agent any\n  tools { maven 'm' }\n  stages { stage('a') { steps { sh 'x' } } }\n}", 3, 3, "pipeline section tools"),
        ("pipeline {\n  agent any\n  stages { stage('a') { steps { script { x() } } } }\n}", 3, 33, "step script is not supported"),
        ("pipeline {\n  agent any\n  stages { stage('a') { steps { sh \"${foo()}\" } } }\n}", 3, 37, "only ${env.NAME}"),
        (
            "pipeline {\n  agent any\n  stages { stage('a') { steps { sh returnStdout: true, script: 'x' } } }\n}", 3, 36,
            "does not support the argument returnStdout"
        ),
        ("node {\n  sh 'x'\n}", 1, 1, "only a declarative pipeline"),
        ("pipeline {\n  agent any\n  stages { stage('a') { when { tag 'v*' }; steps { sh 'x' } } }\n}", 3, 32, "when condition tag"),
        ("pipeline {\n  agent any\n  stages { stage('a') { steps { sh 'x' } } }\n  post { cleanup { sh 'y' } }\n}", 4, 10, "post condition cleanup"),
        ("pipeline {\n  agent any\n  stages { stage('a') { steps { sh 'x\n' } } }\n}", 3, 36, "unterminated string"),
        ("pipeline {\n  agent any\n  environment { T = credentials('id') }\n  stages { stage('a') { steps { sh 'x' } } }\n}", 3, 17, "must be a string"),
        ("pipeline {\n  agent any\n  stages { stage('a') { steps { sh 'x' } }\n", 3, 10, "never closed"),
        ("pipeline {\n  agent { kubernetes { yaml 'x' } }\n  stages { stage('a') { steps { sh 'x' } } }\n}", 2, 11, "agent kubernetes"),
    ])
    func refusalsSayWhere(source: String, line: Int, column: Int, message: String) {
        do {
            _ = try JenkinsPipeline.parse(source)
            Issue.record("accepted: \(source)")
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(error.description.hasPrefix("Jenkinsfile line \(line):\(column): "))
        }
    }

    @Test func boundsAreEnforced() {
        let big = "pipeline {\n" + String(repeating: "// padding\n", count: 30_000) + "}"
        #expect(throws: JenkinsfileError.self) { try JenkinsPipeline.parse(big) }
        let deep =
            "pipeline { agent any\n stages { stage('a') { steps { " + String(repeating: "dir('x') { ", count: 40)
            + "sh 'x'" + String(repeating: " }", count: 40) + " } } } }"
        do {
            _ = try JenkinsPipeline.parse(deep)
            Issue.record("deep nesting accepted")
        } catch {
            #expect(error.message.contains("nested deeper than"), "\(error)")
        }
        let manyStages = (0..<(JenkinsfileLimits.maxStages + 1)).map { "stage('s\($0)') { steps { sh 'x' } }" }.joined(separator: "\n")
        do {
            _ = try JenkinsPipeline.parse("pipeline { agent any\n stages {\n\(manyStages)\n} }")
            Issue.record("too many stages accepted")
        } catch {
            #expect(error.message.contains("more than \(JenkinsfileLimits.maxStages) stages"), "\(error)")
        }
        let retries = "pipeline { agent any\n stages { stage('a') { steps { retry(1000) { sh 'x' } } } } }"
        #expect(throws: JenkinsfileError.self) { try JenkinsPipeline.parse(retries) }
    }
}
