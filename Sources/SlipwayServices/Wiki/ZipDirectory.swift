import Foundation
import SlipwayCore

/// What a ZIP archive may hold before anything in it is looked at further.
package struct ZipLimits: Sendable {
    package var maxEntries = 1000
    package var maxEntryBytes: Int64 = 1 << 20
    package var maxTotalBytes: Int64 = 50 << 20
    package var maxPathBytes = 1024
    package var maxDepth = 16

    package init() {}
}

/// A ZIP archive's central directory, read and checked without trusting anything in it: every
/// entry is a regular file or a directory (no symlinks, devices, encryption, ZIP64), its name is
/// a clean relative path (no `..`, no absolute path, no backslash, no wildcard or control
/// character, no duplicate), and the counts and declared sizes are within `ZipLimits`.
/// Extraction (`ZipExtractor`) enforces the sizes again, since a header may lie.
package struct ZipDirectory: Sendable {
    package struct Entry: Sendable, Equatable {
        package var name: String
        package var isDirectory: Bool
        package var size: Int64
    }

    package let entries: [Entry]

    package init(data: Data, limits: ZipLimits) throws {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int64 { Int64(u16(at)) | Int64(u16(at + 2)) << 16 }
        guard bytes.count >= 22 else { throw Self.refuse("it is not a ZIP archive") }
        var eocd = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while eocd >= lowest, u32(eocd) != 0x0605_4b50 { eocd -= 1 }
        guard eocd >= lowest else { throw Self.refuse("it is not a ZIP archive (no end of central directory)") }
        let count = u16(eocd + 10), size = Int(u32(eocd + 12)), offset = Int(u32(eocd + 16))
        guard u16(eocd + 4) == 0, u16(eocd + 6) == 0, u16(eocd + 8) == count else { throw Self.refuse("multi-part archives are not supported") }
        guard count != 0xFFFF, offset != 0xFFFF_FFFF else { throw Self.refuse("ZIP64 archives are not supported") }
        guard count <= limits.maxEntries else { throw Self.refuse("it holds \(count) entries; at most \(limits.maxEntries) are allowed") }
        guard offset + size <= eocd else { throw Self.refuse("its central directory is damaged") }
        var entries: [Entry] = [], names = Set<String>(), total: Int64 = 0, at = offset
        for _ in 0..<count {
            guard at + 46 <= offset + size, u32(at) == 0x0201_4b50 else { throw Self.refuse("its central directory is damaged") }
            let host = bytes[at + 5], flags = u16(at + 8), method = u16(at + 10), declared = u32(at + 24)
            let nameLength = u16(at + 28), next = at + 46 + nameLength + u16(at + 30) + u16(at + 32)
            let mode = (u32(at + 38) >> 16) & 0o170000
            guard next <= offset + size else { throw Self.refuse("its central directory is damaged") }
            guard let name = String(bytes: bytes[(at + 46)..<(at + 46 + nameLength)], encoding: .utf8) else {
                throw Self.refuse("an entry name is not UTF-8")
            }
            at = next
            let shown = String(name.prefix(200))
            guard flags & 1 == 0 else { throw Self.refuse("entry \(shown) is encrypted") }
            guard method == 0 || method == 8 else { throw Self.refuse("entry \(shown) uses an unsupported compression method") }
            if host == 3, mode == 0o120000 { throw Self.refuse("entry \(shown) is a symbolic link") }
            if host == 3, ![0, 0o100000, 0o040000].contains(mode) { throw Self.refuse("entry \(shown) is not a regular file or directory") }
            let isDirectory = name.hasSuffix("/")
            try Self.check(name: isDirectory ? String(name.dropLast()) : name, shown: shown, limits: limits)
            guard names.insert(name).inserted else { throw Self.refuse("entry \(shown) appears twice") }
            guard declared <= limits.maxEntryBytes else {
                throw Self.refuse("entry \(shown) unpacks to \(declared) bytes; at most \(limits.maxEntryBytes) are allowed")
            }
            total += declared
            guard total <= limits.maxTotalBytes else { throw Self.refuse("it unpacks to more than \(limits.maxTotalBytes) bytes") }
            entries.append(Entry(name: name, isDirectory: isDirectory, size: declared))
        }
        self.entries = entries
    }

    /// A clean relative path: no absolute path, `..`, `.`, empty segment, backslash, control or
    /// wildcard character (`unzip` reads names as patterns), no segment starting with `-`.
    static func check(name: String, shown: String, limits: ZipLimits) throws {
        guard !name.isEmpty, name.utf8.count <= limits.maxPathBytes else { throw refuse("entry \(shown) has an empty or overlong name") }
        guard !name.hasPrefix("/") else { throw refuse("entry \(shown) has an absolute path") }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else { throw refuse("entry \(shown) leaves the archive (..)") }
        guard segments.count <= limits.maxDepth, !segments.contains(where: { $0.isEmpty || $0.hasPrefix("-") }) else {
            throw refuse("entry \(shown) has an empty, too deep or option-like path")
        }
        let forbidden = Set("\\*?[]:")
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || forbidden.contains(Character($0)) }) else {
            throw refuse("entry \(shown) has a backslash, control or wildcard character in its name")
        }
    }

    static func refuse(_ reason: String) -> SlipwayError {
        .invalidInput("the ZIP file is refused: \(reason)")
    }
}
