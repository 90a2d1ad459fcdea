/// A team build template (Zadig's `build_template`, `/api/aslan/template/build`): a build body
/// (script, repositories, parameters, timeout and the kept Zadig fields) that no project owns.
/// `POST /openapi/build?source=template` copies it into a project's build. Its `build` has an
/// empty project key and the template's name.
package struct BuildTemplate: Sendable, Equatable {
    package static let maxNameLength = 64
    package static let maxScriptBytes = 128 * 1024
    package static let maxParameters = 200

    package var id: Int64
    package var build: BuildDefinition

    package var name: String { build.name }

    package init(id: Int64, build: BuildDefinition) {
        self.id = id
        self.build = build
    }

    /// A name is 1-64 characters without control characters; a script at most 128 KiB; at most
    /// 200 parameters, exportable and distinct.
    package static func validate(_ build: BuildDefinition) throws(SlipwayError) {
        let name = build.name
        guard !name.allSatisfy(\.isWhitespace), name.count <= maxNameLength,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidInput("build template name must be 1 to \(maxNameLength) characters") }
        guard build.script.utf8.count <= maxScriptBytes else {
            throw .invalidInput("the build script must be at most \(maxScriptBytes) bytes")
        }
        guard build.parameters.count <= maxParameters else { throw .invalidInput("a build template holds at most \(maxParameters) parameters") }
        try BuildDefinition.validateParameters(build.parameters)
        _ = try DockerBuildStep(postBuild: build.extras["post_build"] ?? .null)
    }
}

/// A project's build made from a team build template (Zadig's template reference list).
package struct BuildTemplateReference: Sendable, Equatable {
    package var projectKey: String
    package var buildName: String
    package var serviceModules: [String]

    package init(projectKey: String, buildName: String, serviceModules: [String]) {
        self.projectKey = projectKey
        self.buildName = buildName
        self.serviceModules = serviceModules
    }
}
