/// A deployable service of a project, defined by a YAML manifest, a template or Helm values.
public struct ServiceDefinition: Sendable, Equatable {
    public var projectKey: String
    public var name: String
    /// `template` or `yaml`.
    public var source: String
    public var templateName: String
    public var yaml: String
    public var valuesYAML: String
    /// Template variables as `[{key, value}]` JSON text, kept as given.
    public var variableYAMLJSON: String
    public var autoSync: Bool
    public var createdBy: String
    public var createdAt: EpochMillis

    public init(
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
public struct EnvironmentDefinition: Sendable, Equatable {
    public var projectKey: String
    public var name: String
    public var clusterName: String
    public var namespace: String
    public var production: Bool
    public var createdBy: String
    public var createdAt: EpochMillis

    public init(
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
