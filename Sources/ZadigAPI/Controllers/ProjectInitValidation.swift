import Foundation
import SlipwayCore

/// Checks the service and environment lists of a project-init call before anything is stored.
enum ProjectInitValidation {
    static func services(
        _ list: [InitProjectRequest.InitService], project: String, type: ProjectType, creator: String
    ) throws -> [ServiceDefinition] {
        var seen = Set<String>()
        return try list.enumerated().map { index, s in
            let at = "service_list[\(index)]"
            guard !s.service_name.isEmpty else { throw ZadigError.badRequest("\(at).service_name is required") }
            guard seen.insert(s.service_name).inserted else {
                throw ZadigError.badRequest("\(at).service_name \(s.service_name) is duplicated")
            }
            let source = s.source ?? (type == .helm ? "template" : "")
            switch (type, source) {
            case (.helm, "template"), (.yaml, "template"):
                guard let template = s.template_name, !template.isEmpty else {
                    throw ZadigError.badRequest("\(at).template_name is required when source is template")
                }
            case (.yaml, "yaml"):
                guard let yaml = s.yaml, !yaml.isEmpty else {
                    throw ZadigError.badRequest("\(at).yaml is required when source is yaml")
                }
            default:
                throw ZadigError.badRequest("\(at).source must be \(type == .helm ? "template" : "template or yaml")")
            }
            let variables = String(decoding: (try? JSONEncoder().encode(s.variable_yaml ?? [])) ?? Data("[]".utf8), as: UTF8.self)
            return ServiceDefinition(
                projectKey: project, name: s.service_name, source: source, templateName: s.template_name ?? "",
                yaml: s.yaml ?? "", valuesYAML: s.values_yaml ?? "", variableYAMLJSON: variables,
                autoSync: s.auto_sync ?? false, createdBy: creator)
        }
    }

    static func environments(
        _ list: [InitProjectRequest.InitEnvironment], project: String, creator: String
    ) throws -> [EnvironmentDefinition] {
        var seen = Set<String>()
        return try list.enumerated().map { index, e in
            let at = "env_list[\(index)]"
            do {
                try Project.validateKey(e.env_key)
            } catch {
                throw ZadigError.badRequest("\(at).env_key must be lowercase letters, digits or '-'")
            }
            guard seen.insert(e.env_key).inserted else { throw ZadigError.badRequest("\(at).env_key \(e.env_key) is duplicated") }
            guard let cluster = e.cluster_name ?? e.cluster, !cluster.isEmpty else {
                throw ZadigError.badRequest("\(at).cluster_name is required")
            }
            guard !e.namespace.isEmpty else { throw ZadigError.badRequest("\(at).namespace is required") }
            return EnvironmentDefinition(projectKey: project, name: e.env_key, clusterName: cluster, namespace: e.namespace, createdBy: creator)
        }
    }
}
