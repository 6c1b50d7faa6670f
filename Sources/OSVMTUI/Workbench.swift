import Chain
import Foundation

/// Entry point for `osvm-tui` and `osvm tui`: builds the live services, starts the store
/// and runs the terminal loop until quit. Returns the process exit status.
///
///     exit(runWorkbench(arguments: ["watch.ovsm", "--url", "localnet"]))
public func runWorkbench(arguments: [String]) -> Int32 {
    let options: Options
    switch Options.parse(arguments) {
    case .success(let o): options = o
    case .failure(let e):
        FileHandle.standardError.write(Data("osvm-tui: \(e)\n\(Options.usage)\n".utf8))
        return 2
    }
    if options.help { print(Options.usage); return 0 }
    if options.bench { Benchmark.run(); return 0 }
    if let path = options.replay { return runReplay(path: path, options: options) }
    let env = ProcessInfo.processInfo.environment
    let url: String
    do {
        let chain = try ChainConfig.resolve(url: options.url)
        // Before curses takes the screen: unknown config keys are worth seeing.
        for w in chain.warnings { FileHandle.standardError.write(Data("osvm-tui: warning: \(w)\n".utf8)) }
        url = chain.rpcURL
    } catch {
        FileHandle.standardError.write(Data("osvm-tui: \(error)\n".utf8))
        return 2
    }
    let themeDirs = WorkbenchLoop.themeDirectories(env: env)
    let themeName = options.theme ?? "dark"
    guard let theme = Theme.load(themeName, searchPaths: themeDirs) else {
        FileHandle.standardError.write(Data("osvm-tui: unknown theme \(themeName) (built-in: \(Theme.builtinNames.joined(separator: ", ")))\n".utf8))
        return 2
    }
    // Before curses takes the screen: a recording that cannot be created is a plain error.
    var recorder: SessionRecorder?
    if let path = options.record {
        do { recorder = try SessionRecorder(path: (path as NSString).expandingTildeInPath) } catch {
            FileHandle.standardError.write(Data("osvm-tui: \(error)\n".utf8))
            return 2
        }
    }
    Terminal.blockSignals()
    let noColor = !(env["NO_COLOR"] ?? "").isEmpty
    let terminal: Terminal
    do {
        terminal = try Terminal(noColor: noColor, mouse: options.mouse)
    } catch {
        FileHandle.standardError.write(Data("osvm-tui: \(error)\n".utf8))
        if let recorder { unlink(recorder.path) }     // nothing recorded: no empty file left
        return 1
    }
    let loop = WorkbenchLoop(terminal: terminal, options: options, url: url, theme: theme,
                             themeDirs: themeDirs, home: env["HOME"] ?? NSHomeDirectory(), recorder: recorder)
    return runUntilQuit(loop, terminal)
}

/// `--replay FILE`: headless with `--print-screen`/`--verify`, in the terminal otherwise.
func runReplay(path: String, options: Options) -> Int32 {
    let err: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    if options.printScreen || options.verify {
        return ReplayCommand.runHeadless(path: path, printScreen: options.printScreen, verify: options.verify,
                                         out: { print($0) }, err: err)
    }
    let recording: Recording
    do { recording = try Recording.read(path: path) } catch {
        err("osvm-tui: \(error)")
        return 2
    }
    for w in recording.warnings { err("osvm-tui: warning: \(w)") }
    Terminal.blockSignals()
    let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    let terminal: Terminal
    do { terminal = try Terminal(noColor: noColor, mouse: options.mouse) } catch {
        err("osvm-tui: \(error)")
        return 1
    }
    return runUntilQuit(WorkbenchLoop(terminal: terminal, replay: recording, speed: options.replaySpeed), terminal)
}

/// Runs the terminal loop, gives the terminal back, reports how it ended.
func runUntilQuit(_ loop: WorkbenchLoop, _ terminal: Terminal) -> Int32 {
    let status = loop.run()
    terminal.end()
    if let message = loop.exitMessage { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    return status
}
