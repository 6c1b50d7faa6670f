import Foundation
import Testing
@testable import OSVMTUI

@Suite struct ScreenBufferTests {
    @Test func wideCharactersTakeTwoCells() {
        var b = ScreenBuffer(width: 8, height: 1)
        let end = b.put("a日本", x: 0, y: 0, role: .text)
        #expect(end == 5)
        #expect(b[1, 0].width == 2)
        #expect(b[2, 0].width == 0)
        #expect(b.lines == ["a日本"])
        b.put("x", x: 2, y: 0, role: .text)   // overwrite the right half of 日
        #expect(b.lines == ["a x本"])
    }

    @Test func clipsAtTheLimitWithoutSplittingAWideCharacter() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.put("ab日", x: 0, y: 0, role: .text, limit: 3)
        #expect(b.lines == ["ab"])
        #expect(DisplayWidth.truncate("hello world", to: 6) == "hello…")
        #expect(DisplayWidth.of("◎ — λ 日本語 🙂") == 15)
    }

    @Test func snapshotListsStyleRuns() {
        var b = ScreenBuffer(width: 6, height: 1)
        b.put("ab", x: 1, y: 0, role: .keyword)
        #expect(b.snapshot == "| ab\n--- styles\n0: 1-2 syntax.keyword\n")
    }

    @Test func ringBufferDropsTheOldest() {
        var r = RingBuffer<Int>(capacity: 3)
        for i in 0..<5 { r.append(i) }
        #expect(r.all == [2, 3, 4])
    }
}

@Suite struct ThemeTests {
    @Test func builtinThemesMatchTheShippedFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in Theme.builtinNames {
            let file = try String(contentsOf: root.appendingPathComponent("Themes/\(name).theme"), encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == BuiltinThemes.text[name])
            let (theme, problems) = Theme.parse(file, defaultName: name)
            #expect(problems.isEmpty)
            #expect(theme.name == name)
        }
    }

    @Test func parsesColoursAndAttributesAndReportsProblems() {
        let (t, problems) = Theme.parse("name = x\nsyntax.string = #98c379 default bold\nborder = 244\nnope = red\nerror = purple", defaultName: "d")
        #expect(t.name == "x")
        #expect(t.style(.string) == RoleStyle(fg: .rgb(0x98, 0xC3, 0x79), bg: .terminalDefault, bold: true))
        #expect(t.style(.border).fg == .indexed(244))
        #expect(problems.count == 2)
    }

    @Test func coloursFallBackTo256And16() {
        #expect(ColorMapping.terminalColor(.rgb(255, 0, 0), colors: 256) == 196)
        #expect(ColorMapping.terminalColor(.rgb(255, 0, 0), colors: 8) == 1)
        #expect(ColorMapping.terminalColor(.indexed(244), colors: 16) == 8)
        #expect(ColorMapping.terminalColor(.rgb(1, 2, 3), colors: 0x1000000) == 0x010203)
        #expect(ColorMapping.terminalColor(.terminalDefault, colors: 256) == -1)
        #expect(Theme.monochrome(RoleStyle(), role: .selection).reverse)
    }
}
