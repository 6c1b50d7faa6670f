/// The shipped themes, compiled in so the workbench works from any directory.
/// Kept identical to `Themes/*.theme` (a test checks).
enum BuiltinThemes {
    static let text: [String: String] = [
        "dark": """
        # osvm-tui theme: role = [fg] [bg] [attributes]
        # colours: default, black red green yellow blue magenta cyan white, bright-<name>,
        #          0-255 (xterm palette), #rrggbb (true colour; mapped down on 256/16-colour terminals)
        # attributes: bold dim underline reverse italic
        name = dark
        text = default default
        dim = bright-black default
        border = bright-black default
        border.focus = bright-cyan default bold
        title = white default
        title.focus = bright-cyan default bold
        header = black cyan
        footer = white default
        footer.key = bright-yellow default bold
        syntax.keyword = #c678dd default bold
        syntax.string = #98c379 default
        syntax.number = #d19a66 default
        syntax.comment = bright-black default italic
        syntax.symbol = default default
        syntax.bracket = bright-blue default
        syntax.bracket.match = black bright-yellow bold
        syntax.error = bright-white red underline
        repl.prompt = bright-green default bold
        repl.result = bright-white default
        error = bright-red default bold
        log.info = default default
        log.warn = yellow default
        log.debug = bright-black default
        cursor = default default reverse
        selection = black bright-blue
        line.number = bright-black default
        tab = white default
        tab.active = black bright-cyan bold
        overlay = white 236
        spinner = bright-yellow default bold
        good = bright-green default
        bad = bright-red default
        debug.breakpoint = bright-red default bold
        debug.line = black yellow
        """,
        "light": """
        # osvm-tui theme for light terminal backgrounds (format: see dark.theme)
        name = light
        text = black default
        dim = 244 default
        border = 250 default
        border.focus = blue default bold
        title = 238 default
        title.focus = blue default bold
        header = white blue
        footer = 238 default
        footer.key = magenta default bold
        syntax.keyword = #a626a4 default bold
        syntax.string = #50a14f default
        syntax.number = #986801 default
        syntax.comment = 244 default italic
        syntax.symbol = black default
        syntax.bracket = blue default
        syntax.bracket.match = white magenta bold
        syntax.error = white red underline
        repl.prompt = green default bold
        repl.result = black default bold
        error = red default bold
        log.info = black default
        log.warn = #986801 default
        log.debug = 244 default
        cursor = default default reverse
        selection = white blue
        line.number = 248 default
        tab = 238 default
        tab.active = white blue bold
        overlay = black 254
        spinner = magenta default bold
        good = green default
        bad = red default
        debug.breakpoint = red default bold
        debug.line = black bright-yellow
        """,
        "high-contrast": """
        # osvm-tui high-contrast theme: only the 16 basic colours and strong attributes
        name = high-contrast
        text = bright-white black
        dim = white black
        border = white black
        border.focus = bright-yellow black bold
        title = bright-white black bold
        title.focus = black bright-yellow bold
        header = black bright-white bold
        footer = bright-white black
        footer.key = bright-yellow black bold underline
        syntax.keyword = bright-cyan black bold
        syntax.string = bright-green black
        syntax.number = bright-magenta black
        syntax.comment = white black
        syntax.symbol = bright-white black
        syntax.bracket = bright-yellow black
        syntax.bracket.match = black bright-yellow bold
        syntax.error = bright-white red bold underline
        repl.prompt = bright-yellow black bold
        repl.result = bright-white black bold
        error = bright-red black bold
        log.info = bright-white black
        log.warn = bright-yellow black bold
        log.debug = white black
        cursor = black bright-white
        selection = black bright-cyan
        line.number = white black
        tab = bright-white black
        tab.active = black bright-yellow bold
        overlay = bright-white blue
        spinner = bright-yellow black bold
        good = bright-green black bold
        bad = bright-red black bold
        debug.breakpoint = bright-red black bold
        debug.line = black bright-yellow bold
        """,
    ]
}
