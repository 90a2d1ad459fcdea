import Foundation
import SlipwayCore

/// Release plans, their log lines and delivery versions are stored as JSON text documents.
enum DocumentText {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw SlipwayError.internalError("a stored \(T.self) is unreadable: \(error)")
        }
    }
}
