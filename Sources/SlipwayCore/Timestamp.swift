import Foundation

/// Time as stored: milliseconds since the Unix epoch. Dialects convert (Zadig: seconds, CODING: ms).
package typealias EpochMillis = Int64

extension EpochMillis {
    /// The current wall-clock time in milliseconds.
    package static func now() -> EpochMillis {
        EpochMillis((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The same instant in whole seconds (Zadig's unit).
    package var seconds: Int64 { self / 1000 }
}
