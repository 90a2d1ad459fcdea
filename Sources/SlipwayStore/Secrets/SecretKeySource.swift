import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the store's secret key comes from: `SLIPWAY_SECRET_KEY` (base64, 32 bytes) when given,
/// else `<data-dir>/secret.key`, created with mode 0600 on first start.
package enum SecretKeySource {
    package static let fileName = "secret.key"

    /// The key for a store whose data directory is `dataDirectory`; `override` wins when set.
    package static func load(dataDirectory: String, override: String?) throws -> SecretBox {
        if let override, !override.isEmpty { return try box(override, from: "SLIPWAY_SECRET_KEY") }
        guard !dataDirectory.isEmpty else {
            throw StoreError.badSecretKey("no data directory to keep \(fileName) in, and SLIPWAY_SECRET_KEY is not set")
        }
        try DataDirectory.secure(dataDirectory)
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if let created = try createIfMissing(path) { return try box(created, from: path) }
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw StoreError.badSecretKey("cannot read \(path)")
        }
        chmod(path, 0o600)
        return try box(text, from: path)
    }

    /// A box over `text`, with errors naming where the key came from.
    private static func box(_ text: String, from source: String) throws -> SecretBox {
        do {
            return try SecretBox(base64: text)
        } catch StoreError.badSecretKey(let why) {
            throw StoreError.badSecretKey("\(source): \(why)")
        }
    }

    /// Write a new random key at `path` unless a file is there already (never overwritten).
    /// Returns the new key, or nil when the file existed.
    private static func createIfMissing(_ path: String) throws -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { return nil }
            throw StoreError.badSecretKey("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let key = SecretBox.generateKey()
        let bytes = Array((key + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            unlink(path)
            throw StoreError.badSecretKey("cannot write \(path)")
        }
        return key
    }
}

/// File modes of what the store keeps on disk: the data directory 0700, database files 0600.
package enum DataDirectory {
    /// Create `path` (0700) if missing, and make it 0700 if it exists.
    package static func secure(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(path, 0o700)
    }

    /// Make `path` and its SQLite companions (`-wal`, `-shm`, `-journal`) 0600 where they exist.
    package static func secureDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
            chmod(path + suffix, 0o600)
        }
    }
}
