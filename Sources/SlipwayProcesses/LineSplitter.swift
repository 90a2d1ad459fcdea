/// Cuts a process's output, as it arrives in chunks, into lines: at LF, VT, FF, CR, CR LF, NEL
/// (U+0085), LS (U+2028) and PS (U+2029), the separators left out, as swift-subprocess's
/// `strings()` cuts them. A separator split over two chunks is still one separator; a CR at the
/// end of a chunk waits for the next byte, which may be its LF.
package struct LineSplitter {
    /// The first bytes of a separator whose end has not arrived yet.
    private enum Held { case nothing, cr, c2, e2, e280 }

    /// The longest line, in bytes, before `append` throws.
    package let limit: Int
    private var line: [UInt8] = []
    private var held = Held.nothing

    package init(limit: Int = 128 * 1024) {
        self.limit = limit
    }

    /// The lines that `bytes` completes.
    package mutating func append(_ bytes: some Sequence<UInt8>) throws -> [String] {
        var lines: [String] = []
        for byte in bytes { try take(byte, into: &lines) }
        return lines
    }

    /// The last line, at the end of the output: what no separator ended, or the empty line a
    /// final CR ends. Nil when the output ended with a line's separator.
    package mutating func finish() -> String? {
        defer { held = .nothing }
        switch held {
        case .cr: return cut()
        case .c2: line.append(0xC2)
        case .e2: line.append(0xE2)
        case .e280: line += [0xE2, 0x80]
        case .nothing: break
        }
        return line.isEmpty ? nil : cut()
    }

    private mutating func take(_ byte: UInt8, into lines: inout [String]) throws {
        if held != .nothing {
            // The byte completes the separator held, or the bytes held were text.
            let before = held
            held = .nothing
            switch (before, byte) {
            case (.cr, 0x0A): return lines.append(cut())
            case (.cr, _): lines.append(cut())
            case (.c2, 0x85): return lines.append(cut())
            case (.c2, _): line.append(0xC2)
            case (.e2, 0x80):
                held = .e280
                return
            case (.e2, _): line.append(0xE2)
            case (.e280, 0xA8), (.e280, 0xA9): return lines.append(cut())
            case (.e280, _): line += [0xE2, 0x80]
            case (.nothing, _): break
            }
        }
        switch byte {
        case 0x0A, 0x0B, 0x0C: lines.append(cut())
        case 0x0D: held = .cr
        case 0xC2: held = .c2
        case 0xE2: held = .e2
        default:
            guard line.count < limit else { throw ProcessOutputError.lineTooLong(limit: limit) }
            line.append(byte)
        }
    }

    private mutating func cut() -> String {
        defer { line.removeAll(keepingCapacity: true) }
        return String(decoding: line, as: UTF8.self)
    }
}

/// A process's output that cannot be read as lines.
package enum ProcessOutputError: Error, CustomStringConvertible {
    case lineTooLong(limit: Int)

    package var description: String {
        switch self {
        case .lineTooLong(let limit): return "an output line is longer than \(limit) bytes"
        }
    }
}
