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

    static let usage = """
    usage: osvm-tui [FILE] [--url URL|CLUSTER] [--theme dark|light|high-contrast|NAME] [--mouse] [--bench]
                [--chat] [--yes] [--ai-url URL] [--ai-key KEY] [--model NAME]
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
        return .success(o)
    }
}
