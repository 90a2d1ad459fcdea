import Foundation
import SlipwayProcesses
import Testing

/// A process's output is cut into lines by the code that reads our own pipes (`ChildPipe`), as
/// swift-subprocess's `strings()` cut it: the same separators, however the bytes arrive.
@Suite struct LineSplitterTests {
    /// `text`'s lines when its bytes arrive in chunks of `size`.
    static func lines(_ bytes: [UInt8], chunks size: Int) throws -> [String] {
        var splitter = LineSplitter()
        var lines: [String] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            lines += try splitter.append(bytes[start..<min(start + size, bytes.count)])
        }
        if let last = splitter.finish() { lines.append(last) }
        return lines
    }

    @Test(arguments: [1, 2, 3, 7, 4096])
    func everySeparatorEndsALineInChunksOfAnySize(size: Int) throws {
        let text = "lf\nvt\u{0B}ff\u{0C}cr\rcrlf\r\nnel\u{85}ls\u{2028}ps\u{2029}grüße ✓\n\nlast"
        #expect(try Self.lines(Array(text.utf8), chunks: size) == ["lf", "vt", "ff", "cr", "crlf", "nel", "ls", "ps", "grüße ✓", "", "last"])
    }

    @Test(arguments: [1, 2, 4096])
    func bytesThatOnlyBeginASeparatorAreText(size: Int) throws {
        // é is C3 A9; Ā is C4 80; C2 A9 is ©; E2 80 A6 is …; E2 82 AC is €.
        let text = "é Ā © … € \u{2027}"
        #expect(try Self.lines(Array(text.utf8), chunks: size) == [text])
        // A lone C2 or E2 80 at the end is kept, to be repaired as one character.
        #expect(try Self.lines([0x61, 0xC2], chunks: size) == ["a\u{FFFD}"])
        #expect(try Self.lines([0x61, 0xE2, 0x80], chunks: size) == ["a\u{FFFD}"])
    }

    @Test func theEndOfTheOutput() throws {
        #expect(try Self.lines([], chunks: 1) == [])
        #expect(try Self.lines(Array("one\n".utf8), chunks: 1) == ["one"], "no empty line after the last separator")
        #expect(try Self.lines(Array("one\r".utf8), chunks: 1) == ["one"], "a final CR ends its line")
        #expect(try Self.lines(Array("\r".utf8), chunks: 1) == [""])
        #expect(try Self.lines(Array("\n\n".utf8), chunks: 1) == ["", ""])
    }

    @Test func aLineLongerThanTheLimitIsRefused() throws {
        var splitter = LineSplitter(limit: 8)
        #expect(try splitter.append(Array("12345678\n".utf8)) == ["12345678"])
        #expect(throws: ProcessOutputError.self) { try splitter.append(Array("123456789".utf8)) }
    }
}
