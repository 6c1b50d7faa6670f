/// Replays a recording without services (docs/RECORD-REPLAY.md): the seed's state, then
/// each recorded action through `Update.reduce`, effects dropped — every service reply is
/// itself a recorded action. Pure: the same file gives the same screen on any machine.
enum SessionReplay {
    /// Applies one recorded action. false: it quit the workbench; `state` is left as it was
    /// before it, the screen the user saw last (a quitting state is never drawn).
    static func apply(_ state: inout AppState, _ action: Action) -> Bool {
        let (_, lastDrawn) = reduce(&state, action)
        guard let lastDrawn else { return true }
        state = lastDrawn
        return false
    }

    /// `Update.reduce`, and when `action` quits the workbench, the state before it: the
    /// last one drawn (the recorder's trailer and the replay's end are both that screen).
    static func reduce(_ state: inout AppState, _ action: Action) -> (effects: [Effect], lastDrawn: AppState?) {
        let before = state                  // a copy shares the state's storage
        let effects = Update.reduce(&state, action)
        return (effects, state.quitting && !before.quitting ? before : nil)
    }

    struct Outcome {
        var state: AppState
        /// Actions applied (the one that quit, and any after it, are not).
        var applied: Int
    }

    static func run(_ r: Recording) -> Outcome {
        var state = r.seed.initialState()
        var applied = 0
        for e in r.events {
            guard apply(&state, e.a) else { break }
            applied += 1
        }
        return Outcome(state: state, applied: applied)
    }

    /// The state drawn at its own size (the recorded terminal size).
    static func screen(_ s: AppState) -> ScreenBuffer {
        var b = ScreenBuffer(width: s.width, height: s.height)
        Renderer.render(s, into: &b)
        return b
    }

    /// The rows that differ between the recorded final screen and the replayed one, as
    /// lines for a report; empty when they are the same.
    static func differences(recorded: RecordingFormat.End, replayed: ScreenBuffer) -> [String] {
        var out: [String] = []
        if recorded.width != replayed.width || recorded.height != replayed.height {
            out.append("size: recorded \(recorded.width)×\(recorded.height), replayed \(replayed.width)×\(replayed.height)")
        }
        let rows = replayed.lines
        for y in 0..<max(rows.count, recorded.screen.count) {
            let a = y < recorded.screen.count ? recorded.screen[y] : "(no row)"
            let b = y < rows.count ? rows[y] : "(no row)"
            guard a != b else { continue }
            out.append("row \(y + 1):")
            out.append("  recorded |\(a)")
            out.append("  replayed |\(b)")
        }
        return out
    }
}
