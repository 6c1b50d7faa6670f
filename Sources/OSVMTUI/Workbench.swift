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
    Terminal.blockSignals()
    let noColor = !(env["NO_COLOR"] ?? "").isEmpty
    let terminal: Terminal
    do {
        terminal = try Terminal(noColor: noColor, mouse: options.mouse)
    } catch {
        FileHandle.standardError.write(Data("osvm-tui: \(error)\n".utf8))
        return 1
    }
    let loop = WorkbenchLoop(terminal: terminal, options: options, url: url, theme: theme,
                             themeDirs: themeDirs, home: env["HOME"] ?? NSHomeDirectory())
    let status = loop.run()
    terminal.end()
    if let message = loop.exitMessage { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    return status
}
