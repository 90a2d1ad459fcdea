/// A version of a project's delivery (Zadig §8): the services' Kubernetes YAML and the images
/// they run, frozen under a name. Slipway keeps versions of `K8SYaml` type; images with
/// `push_image` are copied to the version's image registry (`DeliveryVersion+Images`).
package struct DeliveryVersion: Sendable, Equatable, Codable {
    package var id: String
    package var projectKey: String
    package var version: String
    package var envName: String
    package var production: Bool
    package var type: String
    package var source: String
    package var desc: String
    package var labels: [String]
    package var imageRegistryID: String
    package var services: [Service]
    package var status: String
    package var error: String
    package var createdBy: String
    package var createdAt: Int64

    package init(
        id: String, projectKey: String, version: String, envName: String = "", production: Bool = false, source: String,
        desc: String = "", labels: [String] = [], imageRegistryID: String = "", services: [Service], status: String,
        createdBy: String, createdAt: Int64
    ) {
        self.id = id
        self.projectKey = projectKey
        self.version = version
        self.envName = envName
        self.production = production
        self.type = Self.k8sYaml
        self.source = source
        self.desc = desc
        self.labels = labels
        self.imageRegistryID = imageRegistryID
        self.services = services
        self.status = status
        self.error = ""
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    package static let k8sYaml = "K8SYaml"
    package static let sources = ["manual", "from_version"]

    package struct Service: Sendable, Equatable, Codable {
        package var serviceName: String
        package var yamlContent: String
        package var images: [Image]
        package var error: String = ""

        package init(serviceName: String, yamlContent: String, images: [Image]) {
            self.serviceName = serviceName
            self.yamlContent = yamlContent
            self.images = images
        }
    }

    package struct Image: Sendable, Equatable, Codable {
        package var containerName: String
        package var imageName: String
        package var sourceImage: String
        package var sourceImageTag: String
        package var targetImage: String
        package var targetImageTag: String
        package var imagePath: JSONValue
        package var pushImage: Bool
        package var status: String = ""
        package var error: String = ""

        package init(
            containerName: String, imageName: String, sourceImage: String, sourceImageTag: String, targetImage: String,
            targetImageTag: String, imagePath: JSONValue = .null, pushImage: Bool
        ) {
            self.containerName = containerName
            self.imageName = imageName
            self.sourceImage = sourceImage
            self.sourceImageTag = sourceImageTag
            self.targetImage = targetImage
            self.targetImageTag = targetImageTag
            self.imagePath = imagePath
            self.pushImage = pushImage
        }
    }
}
