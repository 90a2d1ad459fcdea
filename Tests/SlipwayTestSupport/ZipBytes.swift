/// A ZIP archive written byte by byte (stored entries), so tests can make archives no tool
/// would: names that leave the archive, symbolic links, headers that lie about sizes.
package struct ZipBytes {
    package struct Entry {
        package var name: String
        package var data: [UInt8]
        /// Unix mode in the external attributes (`0o100644` a file, `0o120777` a symlink).
        package var mode: UInt32 = 0o100644
        /// The uncompressed size the headers declare (nil: the real one).
        package var declaredSize: UInt32?
    }

    package var entries: [Entry] = []

    package init() {}

    package mutating func add(_ name: String, _ text: String, mode: UInt32 = 0o100644, declaredSize: UInt32? = nil) {
        entries.append(Entry(name: name, data: Array(text.utf8), mode: mode, declaredSize: declaredSize))
    }

    package var bytes: [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        func u16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: UInt32, _ into: inout [UInt8]) { for shift in [0, 8, 16, 24] { into.append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
        for entry in entries {
            let name = Array(entry.name.utf8), crc = Self.crc32(entry.data), size = UInt32(entry.data.count)
            let declared = entry.declaredSize ?? size
            let offset = UInt32(out.count)
            u32(0x0403_4b50, &out)
            u16(20, &out); u16(0x0800, &out); u16(0, &out); u16(0, &out); u16(0, &out)
            u32(crc, &out); u32(size, &out); u32(declared, &out)
            u16(name.count, &out); u16(0, &out)
            out += name + entry.data
            u32(0x0201_4b50, &central)
            u16(3 << 8 | 20, &central); u16(20, &central); u16(0x0800, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u32(crc, &central); u32(size, &central); u32(declared, &central)
            u16(name.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u32(entry.mode << 16, &central); u32(offset, &central)
            central += name
        }
        let start = UInt32(out.count)
        out += central
        u32(0x0605_4b50, &out)
        u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(central.count), &out); u32(start, &out); u16(0, &out)
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
