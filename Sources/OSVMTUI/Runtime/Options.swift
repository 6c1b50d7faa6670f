/// `osvm-tui [FILE] [--url URL] [--theme NAME] [--bench]`
struct Options {
    var file: String?
    var url: String?
    var theme: String?
    var bench = false
    var mouse = false
    var help = false

    static let usage = """
    usage: osvm-tui [FILE] [--url URL|CLUSTER] [--theme dark|light|high-contrast|NAME] [--mouse] [--bench]
      FILE       open FILE in the editor
      --url      RPC endpoint or cluster (flag > OSVM_RPC_URL/SOLANA_URL > ~/.config/osvm/config.yml > mainnet)
      --theme    colour theme (Themes/NAME.theme or a built-in one)
      --mouse    click a pane to focus it (the terminal's own text selection then needs Shift)
      --bench    print render and key-to-frame timings at 200×60 and exit
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
            case "--url", "-u":
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
