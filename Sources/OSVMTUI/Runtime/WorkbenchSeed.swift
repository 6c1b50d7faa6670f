import Chain
import OSVMSettings

/// Everything the first `AppState` of a workbench is made from, and nothing else: the live
/// workbench builds its state from a seed, and a session recording stores the seed in its
/// header, so a replay starts from the same state on any machine (no config, theme files
/// or history file read).
struct WorkbenchSeed: Codable, Sendable, Equatable {
    var width: Int
    var height: Int
    var theme: Theme
    var cluster: String
    /// The RPC URL with its secrets masked (`Redact.url`): nothing on screen reads it.
    var url: String
    var themeSearchPaths: [String]
    /// The REPL history file's lines (Up recalls them).
    var history: [String]
    /// `--chat`: the chat pane starts focused and zoomed.
    var chat: Bool

    init(width: Int, height: Int, theme: Theme, url: String, themeSearchPaths: [String], history: [String], chat: Bool) {
        self.width = width; self.height = height; self.theme = theme
        // As `ChainService.status` names it: a custom endpoint's secrets never reach the
        // header (or a recording).
        cluster = Cluster.name(of: url) ?? Redact.url(url)
        self.url = Redact.url(url)
        self.themeSearchPaths = themeSearchPaths; self.history = history; self.chat = chat
    }

    func initialState() -> AppState {
        var state = AppState(theme: theme, status: ChainStatus(cluster: cluster, url: url))
        state.width = width
        state.height = height
        state.themeSearchPaths = themeSearchPaths
        state.repl.history = history
        state.repl.add(.info, ";; one OVSM session shared with the editor — F5 runs the buffer")
        Update.fitLayout(&state)
        if chat { state.layout = .full; state.layoutAuto = false; state.focus = .chat; state.zoomed = true }
        return state
    }
}
