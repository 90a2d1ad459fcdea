import Foundation
import SlipwayCore
import SlipwayStore

/// CODING CD pipeline configs of an application: saved, reordered and deleted by team
/// administrators (each save and reorder leaves a CD task execution, as Spinnaker's do), read by
/// whoever may see the application.
package struct CdPipelineService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var applications: CdApplicationService { CdApplicationService(context) }

    /// Save `json` as a new pipeline, or over config `configID` when given.
    package func save(json: String, configID: String?, by caller: User) async throws -> CdTaskExecution {
        try applications.requireAdmin(caller)
        let pipeline = try CdPipelineDocument(json: json)
        guard try await store.cdApplications.get(name: pipeline.application) != nil else {
            throw SlipwayError.notFound("application \(pipeline.application) not found")
        }
        if !pipeline.agentMachines.isEmpty {
            let machines = try await DeployTargetService(context).agentMachines(by: caller, keyword: "")
            for (path, id) in pipeline.agentMachines where !machines.contains(where: { $0.id == id }) {
                throw SlipwayError.invalidInput("\(path): agent machine \(id) does not exist in the team (DescribeCdAgentMachines)")
            }
        }
        try await CdScriptRepositories(context: context).check(pipeline)
        var existing: CdPipelineConfig?
        if let configID {
            guard let stored = try await store.cdPipelines.get(id: configID), stored.application == pipeline.application else {
                throw SlipwayError.notFound("pipeline config \(configID) not found in \(pipeline.application)")
            }
            existing = stored
        }
        let now = EpochMillis.now()
        var document = pipeline.document
        document["updateTs"] = .string(String(now))
        document["lastModifiedBy"] = .string(caller.account)
        var run = CdTaskRun(application: pipeline.application, description: "Save pipeline '\(pipeline.name)'", user: caller.account)
        try await run.job("savePipeline") {
            if var config = existing {
                document["id"] = .string(config.id)
                config.name = pipeline.name
                config.document = .object(document)
                config.updatedAt = now
                try await store.cdPipelines.update(config)
            } else {
                let id = UUID().uuidString.lowercased()
                document["id"] = .string(id)
                _ = try await store.cdPipelines.create(
                    CdPipelineConfig(
                        id: id, application: pipeline.application, name: pipeline.name, position: 0, document: .object(document),
                        updatedAt: now))
            }
        }
        let execution = run.execution
        try await store.cdApplications.record(execution)
        return execution
    }

    /// Give pipelines of `application` new indexes (`index` per config id).
    package func reorder(_ application: String, indexes: [(id: String, index: Int)], by caller: User) async throws -> CdTaskExecution {
        try applications.requireAdmin(caller)
        guard try await store.cdApplications.get(name: application) != nil else { throw SlipwayError.notFound("application \(application) not found") }
        guard !indexes.isEmpty, indexes.allSatisfy({ $0.index >= 0 }), Set(indexes.map(\.id)).count == indexes.count else {
            throw SlipwayError.invalidInput("PipelineIdsIndices must give each pipeline once, with an index of 0 or more")
        }
        var run = CdTaskRun(application: application, description: "Reorder pipelines", user: caller.account)
        try await run.job("reorderPipelines") {
            try await store.cdPipelines.reorder(application: application, positions: indexes.map { ($0.id, $0.index) })
        }
        let execution = run.execution
        try await store.cdApplications.record(execution)
        return execution
    }

    package func delete(_ application: String, name: String, by caller: User) async throws {
        try applications.requireAdmin(caller)
        try await store.cdPipelines.delete(application: application, name: name)
    }

    /// The pipelines of `application`, in order, for whoever may see it.
    package func configs(_ application: String, by caller: User) async throws -> [CdPipelineConfig] {
        _ = try await applications.application(application, by: caller)
        return try await store.cdPipelines.list(application: application).map(Self.shown)
    }

    package func config(_ application: String, name: String, by caller: User) async throws -> CdPipelineConfig {
        _ = try await applications.application(application, by: caller)
        guard let config = try await store.cdPipelines.get(application: application, name: name) else {
            throw SlipwayError.notFound("pipeline \(name) not found in \(application)")
        }
        return Self.shown(config)
    }

    /// The config with its document's `index` at its current place.
    static func shown(_ config: CdPipelineConfig) -> CdPipelineConfig {
        var shown = config
        var document = config.document.object
        document["index"] = .number(Double(config.position))
        shown.document = .object(document)
        return shown
    }
}
