/// Spinnaker's execution ids: ULIDs, 26 Crockford base-32 characters (48 bits of milliseconds,
/// then 80 random bits), which sort by creation time.
package enum ULID {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    package static func make(at time: EpochMillis = .now()) -> String {
        var generator = SystemRandomNumberGenerator()
        let high = UInt64(max(time, 0)) & 0xFFFF_FFFF_FFFF
        let random = (UInt64.random(in: 0...UInt64.max, using: &generator), UInt16.random(in: 0...UInt16.max, using: &generator))
        // 128 bits: 48 of time, 80 of randomness; 26 characters of 5 bits (the first holds 3).
        let upper = (high << 16) | UInt64(random.1)
        let lower = random.0
        var characters: [UInt8] = []
        for index in 0..<26 {
            let shift = 125 - index * 5
            let bits: UInt64
            if shift >= 64 {
                bits = upper >> UInt64(shift - 64)
            } else if shift > 59 {
                bits = (upper << UInt64(64 - shift)) | (lower >> UInt64(shift))
            } else {
                bits = lower >> UInt64(shift)
            }
            characters.append(alphabet[Int(bits & 31)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
