/// The check of a service's `yaml_content`: Kubernetes manifests, one or more YAML documents
/// separated by `---` lines, each (when not empty) a mapping naming its `kind`. Read with
/// `BoundedYAML`: size, depth, node count and document count are bounded.
extension DeliveryVersion {
    package static let maxYAMLBytes = 512 * 1024
    package static let maxDocuments = 500

    package static func checkManifests(_ text: String, service: String) throws(SlipwayError) {
        guard text.utf8.count <= maxYAMLBytes else {
            throw .invalidInput("service \(service): yaml_content is larger than \(maxYAMLBytes) bytes")
        }
        var documents: [String] = [""]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("---"), line.dropFirst(3).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                documents.append("")
                guard documents.count <= maxDocuments else {
                    throw .invalidInput("service \(service): yaml_content holds more than \(maxDocuments) documents")
                }
            } else {
                documents[documents.count - 1] += line + "\n"
            }
        }
        let reader = BoundedYAML(maxBytes: maxYAMLBytes)
        for (index, document) in documents.enumerated() {
            let parsed: JSONValue?
            do {
                parsed = try reader.parse(document)
            } catch {
                throw .invalidInput("service \(service): yaml_content document \(index + 1) is refused: \(error)")
            }
            guard let parsed, !parsed.isNull else { continue }
            guard case .object(let object) = parsed, let kind = object["kind"]?.string, !kind.isEmpty else {
                throw .invalidInput("service \(service): yaml_content document \(index + 1) is not a Kubernetes object (no kind)")
            }
        }
    }
}
