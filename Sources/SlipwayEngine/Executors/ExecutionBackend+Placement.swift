import Foundation
import SlipwayCore

extension ExecutionBackend {
    /// Run a command of `context`'s job at `placement` instead of the job's own (a pipeline step's
    /// image, a checkout outside the image), logging to its log and recording its process group.
    /// A `script` goes by its text (only to a backend that `takesScripts` there).
    func run(
        _ executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        context: JobContext, placement: JobPlacement, script: JobScript? = nil
    ) async throws -> Int32 {
        var command = JobCommand(
            executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            jobDirectory: context.jobDirectory.path, placement: placement)
        command.logPosition = context.logPosition
        if let script {
            // Another backend would run the interpreter without it: refused, never run empty.
            guard takesScripts(at: placement) else { throw SandboxUnavailable(message: "this backend runs scripts from files only") }
            command.script = script
        }
        return try await run(command, onStart: context.processStarted, onLine: context.log)
    }
}

extension JobPlacement {
    /// The same placement without its image: the job's agent, the server's own executor.
    var withoutImage: JobPlacement { JobPlacement(image: nil, labels: labels) }
}
