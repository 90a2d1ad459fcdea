/// What `slipway --version` prints.
enum SlipwayVersion {
    static let current = "0.9.0"
}
