import Foundation

/// `osvm-tui --replay FILE --print-screen` / `--verify`: a replay with no terminal, for
/// tests and bug reports. Exit 0; 1 when `--verify` finds a different screen; 2 when the
/// file cannot be read or has nothing to verify against.
enum ReplayCommand {
    static func runHeadless(path: String, printScreen: Bool, verify: Bool,
                            out: (String) -> Void, err: (String) -> Void) -> Int32 {
        let recording: Recording
        do { recording = try Recording.read(path: path) } catch {
            err("osvm-tui: \(error)")
            return 2
        }
        for w in recording.warnings { err("osvm-tui: warning: \(w)") }
        let outcome = SessionReplay.run(recording)
        let screen = SessionReplay.screen(outcome.state)
        if printScreen { out(screen.lines.joined(separator: "\n")) }
        guard verify else { return 0 }
        guard let end = recording.end else {
            err("osvm-tui: \(path): no final screen to verify against (the recording did not end with a quit)")
            return 2
        }
        let diff = SessionReplay.differences(recorded: end, replayed: screen)
        if diff.isEmpty {
            err("osvm-tui: \(path): verified (\(outcome.applied) actions, \(screen.width)×\(screen.height))")
            return 0
        }
        err("osvm-tui: \(path): the replayed screen differs from the recorded one (\(outcome.applied) actions replayed):")
        for l in diff { err(l) }
        return 1
    }
}
