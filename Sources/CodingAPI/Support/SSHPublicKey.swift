import Crypto
import Foundation
import SlipwayCore

/// An OpenSSH public key line (`type base64 [comment]`), parsed and checked: the base64 blob
/// must decode, name the same type, and hold exactly that type's fields (RFC 4253 §6.6,
/// RFC 5656, RFC 8709, OpenSSH PROTOCOL.u2f).
struct SSHPublicKey: Sendable, Equatable {
    let type: String
    let blob: [UInt8]
    let comment: String

    init(parsing line: String) throws(SlipwayError) {
        let fields = line.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count >= 2, let data = Data(base64Encoded: fields[1]) else {
            throw .invalidInput("the key is not an OpenSSH public key (expected \"<type> <base64> [comment]\")")
        }
        type = fields[0]
        blob = Array(data)
        comment = fields.dropFirst(2).joined(separator: " ")
        var reader = Reader(bytes: blob)
        guard let inner = reader.string(), String(decoding: inner, as: UTF8.self) == type else {
            throw .invalidInput("the key's type does not match its content")
        }
        let valid: Bool
        switch type {
        case "ssh-ed25519":
            valid = reader.string()?.count == 32
        case "sk-ssh-ed25519@openssh.com":
            valid = reader.string()?.count == 32 && reader.string() != nil
        case "ssh-rsa":
            let e = reader.string(), n = reader.string()
            valid = (e?.isEmpty == false) && (n?.count ?? 0) >= 128
        case "ssh-dss":
            valid = (0..<4).allSatisfy { _ in reader.string()?.isEmpty == false }
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521":
            let curve = reader.string().map { String(decoding: $0, as: UTF8.self) }
            valid = curve.map { type.hasSuffix($0) } == true && reader.string()?.first == 0x04
        case "sk-ecdsa-sha2-nistp256@openssh.com":
            let curve = reader.string().map { String(decoding: $0, as: UTF8.self) }
            valid = curve == "nistp256" && reader.string()?.first == 0x04 && reader.string() != nil
        default:
            throw .invalidInput("unsupported key type \(type)")
        }
        guard valid, reader.atEnd else { throw .invalidInput("the \(type) key is malformed") }
    }

    /// `type base64`, without the comment.
    var normalized: String { type + " " + Data(blob).base64EncodedString() }

    /// `SHA256:<unpadded base64>`, exactly as `ssh-keygen -l` prints it.
    var sha256Fingerprint: String {
        var b64 = Data(SHA256.hash(data: blob)).base64EncodedString()
        while b64.hasSuffix("=") { b64.removeLast() }
        return "SHA256:" + b64
    }

    /// Colon-separated MD5 hex (`ssh-keygen -l -E md5` without the `MD5:` prefix), CODING's form.
    var md5Fingerprint: String {
        Insecure.MD5.hash(data: blob).map { String(format: "%02x", $0) }.joined(separator: ":")
    }

    /// Big-endian length-prefixed fields of the SSH wire format.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var atEnd: Bool { offset == bytes.count }

        mutating func string() -> ArraySlice<UInt8>? {
            guard bytes.count - offset >= 4 else { return nil }
            let n = bytes[offset..<offset + 4].reduce(0) { ($0 << 8) | Int($1) }
            guard n <= bytes.count - offset - 4 else { return nil }
            defer { offset += 4 + n }
            return bytes[(offset + 4)..<(offset + 4 + n)]
        }
    }
}
