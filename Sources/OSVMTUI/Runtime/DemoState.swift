/// A state with every pane filled, for the benchmark and the screen tests.
public enum DemoState {
    public static let script = """
    ;; balance watcher
    (define me "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin")
    (define (lamports->sol l) (/ l 1000000000.0))
    (while true
      (log :value (getBalance me))   ; 日本語 ok
      (sleep 2000))
    """

    public static func make(width: Int, height: Int, theme: Theme? = nil, logLines: Int = 200) -> AppState {
        let t = theme ?? Theme.load("dark", searchPaths: []) ?? Theme(name: "plain")
        var st = ChainStatus(cluster: "localnet", url: "http://127.0.0.1:8899")
        st.connected = true; st.slot = 1204; st.epoch = 0; st.epochProgress = 0.42; st.latencyMillis = 3
        var s = AppState(theme: t, status: st)
        s.width = width; s.height = height
        s.editor.load(text: script, path: "/tmp/watch.ovsm")
        s.editor.buffer.row = 2; s.editor.buffer.col = 0
        s.repl.add(.input, "ovsm> (+ 1 2 3)")
        s.repl.add(.result, "6")
        s.repl.add(.input, "ovsm> (map (lambda (x) (* x x)) [1 2 3])")
        s.repl.add(.result, "[1 4 9]")
        s.repl.add(.input, "ovsm> (car 5)")
        s.repl.add(.error, "type: car: expected a list, got int")
        var lines: [LogLine] = []
        for i in 0..<logLines {
            let level: LogLine.Level = i % 10 == 9 ? .warn : (i % 3 == 0 ? .debug : .info)
            lines.append(LogLine(time: "12:01:\(String(format2: i % 60))", level: level, text: i % 3 == 0 ? "rpc getBalance \(i % 7) ms" : "balance 2000000000"))
        }
        s.log.append(lines)
        var a = AccountSummary(address: "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", kind: "system account",
                               balance: "2 ◎", owner: "11111111111111111111111111111111", executable: false, dataSize: 0)
        a.signatures = [
            SignatureRow(signature: "5kTzQ2n8WdS5w9q7ZLm3XfJ9aQ5kTzQ2n8WdS5w9q7ZLm3XfJ9aQ5kTzQ2n8WdS5w9q7ZLm3XfJ9aQ", slot: 1198, ok: true, time: "2026-11-25 12:01:00 UTC"),
            SignatureRow(signature: "3mNbR7pQ4sT2vX8yZ1aB3cD5eF7gH9jK2mNbR7pQ4sT2vX8yZ1aB3cD5eF7gH9jKLx2", slot: 1150, ok: false, time: "2026-11-25 11:59:12 UTC"),
        ]
        s.explorer.stack = [.account(a)]
        return s
    }
}

extension String {
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
