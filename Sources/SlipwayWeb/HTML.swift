import Foundation

/// A fragment of HTML. Built only from literals written here and from interpolated values, which
/// are escaped unless they are `HTML` themselves: user-provided text cannot become markup.
package struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    package private(set) var markup: String

    package init(stringLiteral value: String) { markup = value }

    package init(stringInterpolation: Interpolation) { markup = stringInterpolation.markup }

    private init(trusted: String) { markup = trusted }

    package var description: String { markup }

    /// Text, escaped.
    package init(text: String) { markup = HTML.escape(text) }

    /// Fragments one after the other.
    package init(_ parts: [HTML]) { markup = parts.map(\.markup).joined() }

    package static let empty: HTML = ""

    /// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    package struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        package init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        package mutating func appendLiteral(_ literal: String) { markup += literal }
        package mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }
        package mutating func appendInterpolation(_ html: HTML) { markup += html.markup }
        package mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { markup += part.markup } }
        package mutating func appendInterpolation(_ number: Int) { markup += String(number) }
        package mutating func appendInterpolation(_ number: Int64) { markup += String(number) }
    }

    /// `value` percent-encoded for one URL path segment or query value.
    package static func component(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
