import Foundation
import Testing

// The pure parts of the CLI's line REPL (Sources/OSVMCLI/REPL), compiled into this test
// bundle through the symbolic links beside this file: `osvm` is an executable target that
// a test cannot import.

@Suite struct LineRenderTests {
    @Test func wrapsAndPlacesTheCursor() {
        let buf = Array("0123456789abc")
        let f = LineRender.frame(prompt: "> ", continuationPrompt: "... ", buffer: buf, cursor: buf.count, cursorRow: 0, columns: 10)
        #expect(f.text.hasPrefix("\r\u{1B}[J> 0123456789abc"))
        #expect(f.cursorRow == 1)                          // 2 + 13 = 15 columns: row 1, column 5
        #expect(f.text.hasSuffix("\r\u{1B}[5C"))
        let mid = LineRender.frame(prompt: "> ", continuationPrompt: "... ", buffer: buf, cursor: 3, cursorRow: 1, columns: 10)
        #expect(mid.text.hasPrefix("\u{1B}[1A\r\u{1B}[J"))
        #expect(mid.cursorRow == 0 && mid.text.hasSuffix("\u{1B}[1A\r\u{1B}[5C"))
        let two = LineRender.frame(prompt: "> ", continuationPrompt: "... ", buffer: Array("ab\ncd"), cursor: 5, cursorRow: 0, columns: 80)
        #expect(two.text.contains("ab\r\n... cd") && two.cursorRow == 1 && two.text.hasSuffix("\r\u{1B}[6C"))
        let wide = LineRender.frame(prompt: "", continuationPrompt: "", buffer: Array("日本"), cursor: 1, cursorRow: 0, columns: 80)
        #expect(wide.text.hasSuffix("\r\u{1B}[2C"))
    }

    /// One redraw of a 5,000-character line is linear; the editor redraws once per burst
    /// of input, so a paste costs a few of these (it used to cost one per character).
    @Test func aFiveThousandCharacterLineRendersInLinearTime() {
        func timePerRender(_ n: Int) -> (Double, Int) {
            let buf = Array(String(repeating: "a", count: n))
            var row = 0
            let t0 = Date()
            for _ in 0..<10 {
                row = LineRender.frame(prompt: "ovsm> ", continuationPrompt: "  ... ", buffer: buf, cursor: buf.count,
                                       cursorRow: 0, columns: 80).cursorRow
            }
            return (Date().timeIntervalSince(t0) / 10, row)
        }
        _ = timePerRender(5_000)                                 // warm up
        let (t500, _) = timePerRender(500)
        let (t5k, row) = timePerRender(5_000)
        let (t50k, _) = timePerRender(50_000)
        print(String(format: "render 500 chars: %.3f ms; 5,000: %.3f ms; 50,000: %.3f ms", t500 * 1000, t5k * 1000, t50k * 1000))
        #expect(row == (6 + 5_000) / 80)
    }
}
