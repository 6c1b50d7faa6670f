/// `osvm-tui [FILE] [--url URL] [--theme NAME] [--bench]`
struct Options {
    var file: String?
    var url: String?
    var theme: String?
    var bench = false
    var mouse = false
    var help = false
    /// Start with the chat pane focused and zoomed (`osvm chat --advanced`).
    var chat = false
    var aiURL: String?
    var aiKey: String?
    var model: String?
    /// Run the OVSM the assistant proposes without asking.
    var yes = false
    /// `--record FILE`: write the session's actions there (docs/RECORD-REPLAY.md).
    var record: String?
    /// `--replay FILE`: play a recording back instead of running live services.
    var replay: String?
    /// Replay pace: 1 = as recorded, 2 = twice as fast, 0 = no pauses.
    var replaySpeed = 1.0
    /// With `--replay`: no terminal; print the final screen as text.
    var printScreen = false
    /// With `--replay`: no terminal; compare the final screen with the recorded one.
    var verify = false

    static let usage = """
    usage: osvm-tui [FILE] [--url URL|CLUSTER] [--theme dark|light|high-contrast|NAME] [--mouse] [--bench]
                [--chat] [--yes] [--ai-url URL] [--ai-key KEY] [--model NAME] [--record FILE]
           osvm-tui --replay FILE [--replay-speed N] [--print-screen] [--verify]
      FILE       open FILE in the editor
      --url      RPC endpoint or cluster (flag > OSVM_RPC_URL > ~/.config/osvm/config.yml > mainnet)
      --theme    colour theme (Themes/NAME.theme or a built-in one)
      --mouse    click a pane to focus it, the wheel scrolls the pane under the pointer
                 (SGR 1006 reports; the terminal's own text selection then needs Shift)
      --bench    print render and key-to-frame timings at 200×60 and exit
      --chat     start with the chat pane focused and zoomed (osvm chat --advanced)
      --yes      run the OVSM the assistant proposes without asking
      --ai-url, --ai-key, --model   the assistant's endpoint, key and model
                 (flag > OPENAI_URL/OPENAI_KEY/OPENAI_MODEL > ai: in ~/.config/osvm/config.yml)
      --record FILE        record the session (keys, resizes, ticks, service replies) to FILE (0600)
      --replay FILE        play a recording back in the terminal, paced as recorded (a key skips
                           to the end); then the workbench stays, with no services (nothing is
                           evaluated, read, written or sent)
      --replay-speed N     pace of --replay: 2 twice as fast, 0 without pauses (default 1)
      --print-screen       with --replay: no terminal; print the final screen as text rows
      --verify             with --replay: no terminal; compare the final screen with the one
                           recorded at quit (exit 1 with the differing rows)
    Keys: press ? (or F1) inside the workbench.
    """

    static func parse(_ args: [String]) -> Result<Options, ServiceError> {
        var o = Options()
        var i = 0
        func value(_ flag: String) -> Result<String, ServiceError> {
            i += 1
            guard i < args.count else { return .failure(ServiceError("\(flag) needs a value")) }
            return .success(args[i])
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--ai-url":
                switch value(a) { case .success(let v): o.aiURL = v; case .failure(let e): return .failure(e) }
            case "--ai-key":
                switch value(a) { case .success(let v): o.aiKey = v; case .failure(let e): return .failure(e) }
            case "--model":
                switch value(a) { case .success(let v): o.model = v; case .failure(let e): return .failure(e) }
            case "--chat": o.chat = true
            case "--yes": o.yes = true
            case "--url", "-u", "--rpc-url":
                switch value(a) { case .success(let v): o.url = v; case .failure(let e): return .failure(e) }
            case "--theme":
                switch value(a) { case .success(let v): o.theme = v; case .failure(let e): return .failure(e) }
            case "--record":
                switch value(a) { case .success(let v): o.record = v; case .failure(let e): return .failure(e) }
            case "--replay":
                switch value(a) { case .success(let v): o.replay = v; case .failure(let e): return .failure(e) }
            case "--replay-speed":
                switch value(a) {
                case .success(let v):
                    guard let n = Double(v), n >= 0, n.isFinite else {
                        return .failure(ServiceError("--replay-speed needs a number ≥ 0 (0: no pauses), not \(v)"))
                    }
                    o.replaySpeed = n
                case .failure(let e): return .failure(e)
                }
            case "--print-screen": o.printScreen = true
            case "--verify": o.verify = true
            case "--bench": o.bench = true
            case "--mouse": o.mouse = true
            case "--help", "-h": o.help = true
            default:
                if a.hasPrefix("-") { return .failure(ServiceError("unknown option \(a)")) }
                guard o.file == nil else { return .failure(ServiceError("only one FILE can be opened")) }
                o.file = a
            }
            i += 1
        }
        return o.checkReplay()
    }

    /// A replay takes its whole workbench from the recording: live-session flags do not
    /// combine with it, and the replay flags need it.
    func checkReplay() -> Result<Options, ServiceError> {
        if replay == nil {
            if printScreen || verify { return .failure(ServiceError("--print-screen and --verify need --replay FILE")) }
            return .success(self)
        }
        var live: [String] = []
        if file != nil { live.append("FILE") }
        if url != nil { live.append("--url") }
        if theme != nil { live.append("--theme") }
        if chat { live.append("--chat") }
        if record != nil { live.append("--record") }
        if aiURL != nil || aiKey != nil || model != nil { live.append("--ai-url/--ai-key/--model") }
        if yes { live.append("--yes") }
        if bench { live.append("--bench") }
        guard live.isEmpty else {
            return .failure(ServiceError("--replay takes the workbench from the recording; \(live.joined(separator: ", ")) cannot be combined with it"))
        }
        return .success(self)
    }
}
