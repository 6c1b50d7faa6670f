/// Header facts about the connected cluster.
public struct ChainStatus: Sendable, Equatable, Codable {
    public var cluster: String
    public var url: String
    public var connected: Bool? = nil
    public var slot: UInt64?
    public var epoch: UInt64?
    public var epochProgress: Double?
    public var latencyMillis: Int?
    public init(cluster: String, url: String) { self.cluster = cluster; self.url = url }
}

/// The palette (`:`): an input line with completion.
public struct PaletteState: Sendable, Equatable {
    public var input = TextBuffer()
    public var completions: [String] = []
    public var selected = 0
}

/// Everything the workbench shows, as one value. `Update` changes it; renderers read it.
public struct AppState: Sendable {
    public var width = 80
    public var height = 24
    public var layout = Layout.standard
    public var focus: PaneID = .repl
    public var zoomed = false
    public var awaitingWindowKey = false
    public var palette: PaletteState?
    public var showHelp = false
    /// First shown row of the help overlay (it scrolls when it does not fit).
    public var helpScroll = 0
    /// The layout follows the screen size (`Layout.automatic`) until `:layout` picks one.
    public var layoutAuto = true
    public var confirmQuit = false
    /// Quit was confirmed over unsaved work: its recovery file goes too.
    public var discardOnQuit = false
    /// `:open FILE` waiting for save / discard / cancel of the modified buffer.
    public var pendingOpen: String?
    /// The file to open once the save in flight lands.
    public var openAfterSave: String?
    /// Unsaved buffers of earlier sessions, offered one at a time at start-up.
    public var recoveryOffers: [RecoveryOrphan] = []
    /// Navigation mode: Esc left text input; printable keys are commands (`Keymap.navigation`).
    public var navigating = false
    public var quitting = false
    /// Bumped by Ctrl-Z; the terminal loop suspends when it sees a new value.
    public var suspendRequests = 0
    public var message: String?
    public var theme: Theme
    public var themeSearchPaths: [String] = []
    public var status: ChainStatus
    public var spinner = 0
    public var paneErrors: [PaneID: String] = [:]
    public var globalNames: [String] = []
    /// The in-app clipboard (editor copy/cut/paste).
    public var clipboard = ""

    public var editor = EditorState()
    public var repl = ReplState()
    public var log = LogState()
    public var explorer = ExplorerState()
    public var chat = ChatState()
    public var nodes = NodesState()
    public var debug = DebugState()

    public init(theme: Theme, status: ChainStatus) {
        self.theme = theme
        self.status = status
        editor.analyze()
    }

    /// Panes shown as tabs (one at a time) below 80×24.
    public var compact: Bool { width < 80 || height < 24 }
    public var busy: Bool { repl.busy || explorer.loading != nil || chat.streaming || debug.phase == .running }
}
