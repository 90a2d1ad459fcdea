/// A deployable service of a project, defined by a YAML manifest, a template or Helm values.
package struct ServiceDefinition: Sendable, Equatable {
    package var projectKey: String
    package var name: String
    /// `template` or `yaml`.
    package var source: String
    package var templateName: String
    package var yaml: String
    package var valuesYAML: String
    /// Template variables as `[{key, value}]` JSON text, kept as given.
    package var variableYAMLJSON: String
    package var autoSync: Bool
    package var createdBy: String
    package var createdAt: EpochMillis

    package init(
        projectKey: String, name: String, source: String, templateName: String = "", yaml: String = "",
        valuesYAML: String = "", variableYAMLJSON: String = "[]", autoSync: Bool = false, createdBy: String,
        createdAt: EpochMillis = .now()
    ) {
        self.projectKey = projectKey
        self.name = name
        self.source = source
        self.templateName = templateName
        self.yaml = yaml
        self.valuesYAML = valuesYAML
        self.variableYAMLJSON = variableYAMLJSON
        self.autoSync = autoSync
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// An environment of a project: where its services run (a namespace on a cluster).
package struct EnvironmentDefinition: Sendable, Equatable {
    package var projectKey: String
    package var name: String
    package var clusterName: String
    package var namespace: String
    package var production: Bool
    package var createdBy: String
    package var createdAt: EpochMillis

    package init(
        projectKey: String, name: String, clusterName: String, namespace: String, production: Bool = false,
        createdBy: String, createdAt: EpochMillis = .now()
    ) {
        self.projectKey = projectKey
        self.name = name
        self.clusterName = clusterName
        self.namespace = namespace
        self.production = production
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}
