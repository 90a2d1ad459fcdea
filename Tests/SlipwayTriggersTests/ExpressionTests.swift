import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

@Suite struct ExpressionTests {
    static let context: JSONValue = {
        let text = """
            {"headers":{"x-github-event":"push","x-count":"3"},
             "body":{"ref":"refs/heads/main","size":3,"private":false,"commits":[{"id":"a1","message":"fix"},{"id":"b2"}],
                     "repository":{"full_name":"acme/app","topics":["cd","go"]},"nothing":null}}
            """
        return try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }()

    static let table: [(String, JSONValue)] = [
        (#"body.ref in ["refs/heads/main"]"#, .bool(true)),
        (#"body.ref in ["refs/heads/dev", "refs/heads/release"]"#, .bool(false)),
        (#"headers['x-github-event'] == "push""#, .bool(true)),
        (#"headers["x-github-event"] != 'push'"#, .bool(false)),
        ("body.size > 2 && body.size <= 3", .bool(true)),
        ("body.size < 3 || body.size >= 4", .bool(false)),
        ("!body.private", .bool(true)),
        ("!!body.repository", .bool(true)),
        (#""main" in body.ref"#, .bool(true)),
        (#""dev" in body.ref"#, .bool(false)),
        (#""go" in body.repository.topics"#, .bool(true)),
        (#""full_name" in body.repository"#, .bool(true)),
        ("body.commits[0].id", .string("a1")),
        ("body.commits[1].message", .null),
        ("body.commits[5].id", .null),
        ("body.commits.length", .number(2)),
        ("body.missing.deeper.still", .null),
        ("body.nothing == null", .bool(true)),
        (#"body.size == 3 ? "three" : "other""#, .string("three")),
        (#"body.private ? 1 : body.size > 1 ? 2 : 3"#, .number(2)),
        ("(1 + 2) - 4", .number(-1)),
        (#""a" + "b""#, .string("ab")),
        ("[1, 2, [3]]", .array([.number(1), .number(2), .array([.number(3)])])),
        ("[]", .array([])),
        ("-body.size", .number(-3)),
        ("true && false || true", .bool(true)),
        ("1 == 1.0", .bool(true)),
        (#""1" == 1"#, .bool(false)),
        (#"'it\'s'"#, .string("it's")),
        ("body.ref < 'refs/heads/z'", .bool(true)),
        ("body.size > 'x'", .bool(false)),
        ("null || 'fallback'", .string("fallback")),
        ("0 && x", .number(0)),
    ]

    @Test func table() throws {
        for (source, expected) in Self.table {
            let value = try Expression.evaluate(source, Self.context)
            #expect(value == expected, "\(source)")
        }
    }

    @Test func filterTruthiness() throws {
        #expect(try Expression.test(#"body.ref in ["refs/heads/main"]"#, Self.context))
        #expect(try !Expression.test("body.nothing", Self.context))
        #expect(try Expression.test("body.commits", Self.context))
        #expect(try !Expression.test("''", Self.context))
    }

    @Test func functions() throws {
        let fns: [String: @Sendable ([JSONValue]) -> JSONValue] = ["success": { _ in .bool(true) }, "len": { .number(Double($0.count)) }]
        #expect(try Expression.evaluate("success() && len(1, 2, 3) == 3", .object([:]), functions: fns) == .bool(true))
        #expect(throws: ExpressionError.self) { try Expression.evaluate("failure()", .object([:]), functions: fns) }
    }

    @Test func errors() {
        let bad = [
            "", "body.", "body.ref in", "(a", "a)", "[1, 2", "'open", "a ? b", "a ==", "== b", "1 2", "a.b[.x == 1]",
            "@", "a |upper", "a..b", "#", "a ? : b", String(repeating: "(", count: 10_000),
            String(repeating: "x", count: Expression.maxLength + 1),
            String(repeating: "!", count: 5000) + "a", String(repeating: "[", count: 300),
            Array(repeating: "a", count: 600).joined(separator: " || "),
        ]
        for source in bad {
            #expect(throws: ExpressionError.self, "\(source.prefix(40))") { try Expression(source) }
        }
        #expect(throws: ExpressionError.self) { try Expression.evaluate("-'x'", .object([:])) }
        #expect(throws: ExpressionError.self) { try Expression.evaluate("[1] - 1", .object([:])) }
    }

    @Test func deepButAllowedNesting() throws {
        let source = String(repeating: "(", count: 20) + "1" + String(repeating: ")", count: 20)
        #expect(try Expression.evaluate(source, .object([:])) == .number(1))
    }

    /// Random bytes and random token soup: always a value or an error, never a crash or a hang.
    @Test func fuzz() {
        var rng = SplitMix64(seed: 0x5EED_CAFE)
        let vocabulary = [
            "body", "headers", ".", "[", "]", "(", ")", "'x'", "\"refs/heads/main\"", "1", "2.5", "==", "!=", "<",
            ">=", "&&", "||", "!", "?", ":", "in", "true", "null", ",", "-", "+", "ref", "commits", "0", "f", "@", "\\", "'",
        ]
        var values = 0, errors = 0
        for iteration in 0..<6000 {
            let source: String
            if iteration % 2 == 0 {
                let count = Int(rng.next() % 64)
                var bytes: [UInt8] = []
                for _ in 0..<count { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
                source = String(decoding: bytes, as: UTF8.self)
            } else {
                let count = Int(rng.next() % 40) + 1
                source = (0..<count).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }.joined(separator: " ")
            }
            do {
                _ = try Expression.evaluate(source, Self.context, functions: ["f": { _ in .bool(true) }])
                values += 1
            } catch {
                errors += 1
            }
        }
        #expect(values + errors == 6000)
        #expect(values > 0)
    }
}

/// A small deterministic generator, so the fuzz test is reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
