/// The images a version pushes (`push_image: true`): each is copied from its source reference to
/// its target in the version's registry by the version's own task (job `push-images` of workflow
/// `zadig-delivery-<id>`), and carries its own `status` and `error`.
extension DeliveryVersion {
    /// A version's statuses (Zadig's): made, being made, being made again, or not made.
    package static let creating = "creating", retrying = "retrying", success = "success", failed = "failed"
    /// An image's statuses while its version is made.
    package static let imageWaiting = "waiting", imageRunning = "running"

    /// The workflow whose tasks push a version's images.
    package static func workflowKey(id: String) -> String { "zadig-delivery-\(id)" }
    package static let pushJobName = "push-images"

    /// Whether any image of the version is to be pushed.
    package var pushesImages: Bool { services.contains { $0.images.contains(where: \.pushImage) } }

    /// Every image to push, as (service index, image index).
    package var pushImageIndexes: [(service: Int, image: Int)] {
        services.indices.flatMap { s in services[s].images.indices.filter { services[s].images[$0].pushImage }.map { (s, $0) } }
    }

    /// Whether `tag` can tag an image: a letter, digit or `_` first, then also `.` and `-`, at most 128.
    package static func isTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, tag.utf8.count <= 128 else { return false }
        func word(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
        }
        return word(first) && tag.unicodeScalars.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }
}

extension DeliveryVersion.Image {
    /// The image pulled: `source_image`, with `:source_image_tag` when it names no tag or digest.
    package func sourceReference() throws(SlipwayError) -> String {
        try Self.reference(sourceImage, tag: sourceImageTag, field: "source_image")
    }

    /// Where the image goes in `registry`: `target_image` (which must be in that registry), else
    /// `<host>/<namespace>/<image_name>`, with `:target_image_tag` when it names no tag.
    package func targetReference(in registry: ImageRegistry) throws(SlipwayError) -> String {
        var target = targetImage
        if target.isEmpty {
            guard let name = ImageRegistry.imageName(from: imageName.isEmpty ? containerName : imageName) else {
                throw .invalidInput("image \(containerName): image_name cannot name an image")
            }
            target = "\(registry.host)/\(registry.namespace)/\(name)"
        } else if !target.hasPrefix("\(registry.host)/") {
            throw .invalidInput("image \(containerName): target_image \(target.prefix(80).debugDescription) is not in the registry \(registry.host)")
        }
        return try Self.reference(target, tag: targetImageTag, field: "target_image")
    }

    /// `image` when it names a tag or digest, else `image:tag`; checked as a podman argument.
    static func reference(_ image: String, tag: String, field: String) throws(SlipwayError) -> String {
        guard !image.isEmpty else { throw .invalidInput("\(field) is required when push_image is true") }
        let last = image.split(separator: "/").last ?? ""
        var reference = image
        if !last.contains(":"), !image.contains("@") {
            guard DeliveryVersion.isTag(tag) else { throw .invalidInput("\(field)_tag \(tag.prefix(80).debugDescription) is not an image tag") }
            reference += ":\(tag)"
        }
        if let problem = ContainerImageReference.problem(reference) {
            throw .invalidInput("\(field) \(reference.prefix(80).debugDescription): \(problem)")
        }
        return reference
    }
}
