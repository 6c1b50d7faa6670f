import Chain
import Foundation
import OSVMSettings
#if canImport(Glibc)
import Glibc
#endif

/// `osvm doctor`: checks the set-up osvm runs in. Every check is independent and returns a
/// `CheckResult`; none changes anything (see `DoctorFixer` for `--fix`).
public struct Doctor: Sendable {
    public var settings: Settings
    public var timeout: Double = 5
    /// The limits of the shared check engine (`HealthChecks`), the same the node monitors use.
    public var thresholds = Thresholds()
    /// Why the config file did not load, when it did not: settings it would have given are
    /// then not guessed (no probing the default mainnet URL instead of the user's node).
    public var configError: String?
    /// Probes the configured MCP servers (start, initialize, list tools). Injected by the
    /// shells, which link the MCP client (`Assistant.MCPProbe`); without it the check only
    /// looks for each stdio server's command. Throws when the server list cannot be read.
    public var mcpProbe: (@Sendable (_ timeout: Double) async throws -> [MCPServerAnswer])?

    public init(settings: Settings, configError: String? = nil) { self.settings = settings; self.configError = configError }

    /// A doctor even when the config file is broken: the config check reports the error and
    /// checks that need a setting the file would have given are skipped, not run on defaults.
    public static func load(flags: Settings.Flags = Settings.Flags(),
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> Doctor {
        do {
            return Doctor(settings: try Settings.load(flags: flags, environment: environment))
        } catch {
            let path = ConfigFile.standardPath(environment: environment)
            return Doctor(settings: Settings(flags: flags, environment: environment, configPath: path, file: nil),
                          configError: "\(error)")
        }
    }

    /// A "skip" for a check whose setting only the unreadable config file could give.
    func skippedForBrokenConfig(_ id: String, _ title: String, _ origin: Origin) -> CheckResult? {
        guard configError != nil, origin == .defaultValue else { return nil }
        return CheckResult(id, title, .skip, "not checked: \(settings.configPath) does not parse (see the config check), so its value is unknown",
                           fix: "fix the config file, or give the value on the command line")
    }

    var osvmDir: String { settings.home + "/.config/osvm" }

    public func run() async -> [CheckResult] {
        var out = [configFile(), configDirectory(), keypair()]
        out.append(await rpc())
        out.append(await aiEndpoint())
        out.append(await mcpCheck())
        let host = self.host
        out += [sshClient(), diskSpace(host), openFileLimit(host), terminal()]
        out += nodeSysctls(host)
        return out
    }

    // MARK: files

    func configFile() -> CheckResult {
        let path = settings.configPath
        if let configError { return CheckResult("config", "config file", .fail, configError, fix: "edit \(path) (osvm config show explains each value)") }
        guard FileManager.default.fileExists(atPath: path) else {
            return CheckResult("config", "config file", .pass, "\(path) absent: built-in defaults apply",
                               safeFix: .writeDefaultConfig(path: path))
        }
        do {
            let s = try Settings.load(flags: settings.flags, environment: settings.environment, configPath: path)
            _ = try s.rpcURL(); _ = try s.commitment(); _ = try s.keypairPath()
            let w = s.warnings
            return CheckResult("config", "config file", w.isEmpty ? .pass : .warn,
                               w.isEmpty ? "\(path) parses" : "\(path): \(w.joined(separator: "; "))",
                               fix: w.isEmpty ? nil : "edit \(path)")
        } catch {
            return CheckResult("config", "config file", .fail, "\(error)", fix: "edit \(path) (osvm config show explains each value)")
        }
    }

    func configDirectory() -> CheckResult {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: osvmDir, isDirectory: &isDir) else {
            return CheckResult("config-dir", "state directory", .warn, "\(osvmDir) does not exist (created on first use)",
                               fix: "mkdir -m 700 \(osvmDir)", safeFix: .makeDirectory(path: osvmDir))
        }
        guard isDir.boolValue else { return CheckResult("config-dir", "state directory", .fail, "\(osvmDir) is not a directory", fix: "move it away") }
        if let mode = PrivateFile.accessibleByOthers(osvmDir) {
            return CheckResult("config-dir", "state directory", .warn, "\(osvmDir) is mode \(String(mode, radix: 8)): others can list it",
                               fix: "chmod 700 \(osvmDir)", safeFix: .chmod(path: osvmDir, mode: 0o700))
        }
        return CheckResult("config-dir", "state directory", .pass, "\(osvmDir)")
    }

    func keypair() -> CheckResult {
        let title = "keypair"
        let setting: Setting<String>?
        do { setting = try settings.keypairPath() } catch {
            return CheckResult("keypair", title, .fail, "\(error)", fix: "fix keypair_path in \(settings.configPath)")
        }
        guard let setting else {
            if let skip = skippedForBrokenConfig("keypair", title, .defaultValue) { return skip }
            return CheckResult("keypair", title, .warn, "none configured (needed to sign: transfer, deploy)",
                               fix: "set keypair_path in \(settings.configPath), OSVM_KEYPAIR or --keypair")
        }
        let path = setting.value
        guard FileManager.default.fileExists(atPath: path) else {
            return CheckResult("keypair", title, .fail, "\(path) (\(setting.origin)) does not exist",
                               fix: "solana-keygen new -o \(path), or point keypair_path at your key")
        }
        let kp: Keypair
        do { kp = try Keypair.read(path: path) } catch {
            return CheckResult("keypair", title, .fail, "\(error)", fix: "point keypair_path at a Solana JSON keypair file")
        }
        if let mode = PrivateFile.accessibleByOthers(path) {
            // ~/.config/solana belongs to the Solana CLI: osvm reports, never changes it.
            let solana = Keypair.isInsideSolanaConfig(path, home: settings.home)
            return CheckResult("keypair", title, .fail, "\(path) is mode \(String(mode, radix: 8)): other users can read the private key",
                               fix: "chmod 600 \(path)", safeFix: solana ? nil : .chmod(path: path, mode: 0o600))
        }
        return CheckResult("keypair", title, .pass, "\(kp.pubkey) (\(path), 0600)")
    }

    // MARK: network

    /// Clusters by genesis hash.
    static let clusters = ["5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d": "mainnet-beta",
                           "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG": "devnet",
                           "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY": "testnet"]

    func rpc() async -> CheckResult {
        let title = "RPC endpoint"
        let url: String
        do {
            let setting = try settings.rpcURL()
            if let skip = skippedForBrokenConfig("rpc", title, setting.origin) { return skip }
            url = setting.value
        } catch { return CheckResult("rpc", title, .fail, "\(error)", fix: "set rpc_url (osvm config show)") }
        let shown = Redact.url(url)
        do {
            let client = try RPCClient(url: url, timeout: timeout, maxRetries: 0)
            let started = Date()
            let version = try await client.getVersion()
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            var cluster = "unknown cluster"
            if case .string(let g)? = try? await client.call("getGenesisHash") { cluster = Self.clusters[g] ?? "cluster with genesis \(g.prefix(8))…" }
            let health = (try? await client.getHealth()) ?? "unhealthy"
            return CheckResult("rpc", title, health == "ok" ? .pass : .warn,
                               "\(shown): \(cluster), solana-core \(TerminalText.line(version.solanaCore)), health \(health), \(ms) ms",
                               fix: health == "ok" ? nil : "the node is behind or unhealthy: try another endpoint")
        } catch {
            return CheckResult("rpc", title, .fail, "\(shown): \(error)", fix: "start the node (osvm rpc local) or set rpc_url / OSVM_RPC_URL / -u")
        }
    }

    func aiEndpoint() async -> CheckResult {
        let title = "AI endpoint"
        let setting: Setting<String>
        do { setting = try settings.aiURL() } catch { return CheckResult("ai", title, .fail, "\(error)", fix: "fix ai.url") }
        if let skip = skippedForBrokenConfig("ai", title, setting.origin) { return skip }
        let configured = setting.origin != .defaultValue
        let shown = Redact.url(setting.value)
        guard let base = URL(string: setting.value.hasSuffix("/") ? setting.value + "models" : setting.value + "/models") else {
            return CheckResult("ai", title, .fail, "\(shown) is not a URL", fix: "fix ai.url")
        }
        var headers = ["Accept": "application/json"]
        if let key = try? settings.aiKey()?.value { headers["Authorization"] = "Bearer " + key }
        let req = HTTPRequest(url: base, method: "GET", headers: headers, body: nil, idleTimeout: timeout, deadline: timeout,
                              maxResponseBytes: 1 << 20)
        let started = Date()
        do {
            let r = try await DefaultHTTPClient.shared.send(req)
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            if (200..<300).contains(r.status) { return CheckResult("ai", title, .pass, "\(shown) answers (\(ms) ms)") }
            return CheckResult("ai", title, configured ? .fail : .skip, "\(shown) → HTTP \(r.status)",
                               fix: r.status == 401 ? "set ai.key / OPENAI_KEY" : "check ai.url")
        } catch {
            if !configured {
                return CheckResult("ai", title, .skip, "not configured (the default \(shown) does not answer)",
                                   fix: "optional: set ai.url / OPENAI_URL for `osvm chat`")
            }
            return CheckResult("ai", title, .fail, "\(shown) (\(setting.origin)): \(error)", fix: "start the server or fix ai.url")
        }
    }

    func mcpCheck() async -> CheckResult {
        guard let mcpProbe else { return mcpServers() }
        let title = "MCP servers"
        let answers: [MCPServerAnswer]
        do { answers = try await mcpProbe(timeout) } catch {
            return CheckResult("mcp", title, .fail, "\(error)", fix: "fix or remove the file (osvm mcp list reads it)")
        }
        let enabled = answers.filter { $0.answered != nil }
        if enabled.isEmpty {
            return CheckResult("mcp", title, .skip, answers.isEmpty ? "none configured (osvm mcp add)" : "\(answers.count) configured, all disabled")
        }
        let silent = enabled.filter { $0.answered == false }
        if !silent.isEmpty {
            return CheckResult("mcp", title, .fail, silent.map { "\($0.name): \($0.detail)" }.joined(separator: "; "),
                               fix: "osvm mcp test NAME shows the error; fix the server or `osvm mcp disable NAME`")
        }
        return CheckResult("mcp", title, .pass, enabled.map(\.detail).joined(separator: "; "))
    }

    func mcpServers() -> CheckResult {
        let path = osvmDir + "/mcp_servers.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            return CheckResult("mcp", "MCP servers", .skip, "none configured (osvm mcp add)")
        }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return CheckResult("mcp", "MCP servers", .fail, "\(path) is not a JSON object", fix: "fix or remove \(path)")
        }
        let servers = (obj["servers"] as? [String: Any]) ?? (obj["mcpServers"] as? [String: Any]) ?? obj
        var missing: [String] = []
        for (name, v) in servers {
            guard let e = v as? [String: Any], let cmd = e["command"] as? String, (e["enabled"] as? Bool) ?? true else { continue }
            if Self.which(cmd) == nil { missing.append("\(name) (\(cmd))") }
        }
        if !missing.isEmpty {
            return CheckResult("mcp", "MCP servers", .warn, "\(servers.count) configured; command not found for \(missing.sorted().joined(separator: ", "))",
                               fix: "install them or `osvm mcp disable NAME`")
        }
        return CheckResult("mcp", "MCP servers", .pass, "\(servers.count) configured (osvm mcp test NAME starts one)")
    }

    // MARK: host

    func sshClient() -> CheckResult {
        guard let ssh = Self.which("ssh") else {
            return CheckResult("ssh", "ssh client", .warn, "ssh not found (needed by osvm nodes deploy)", fix: "apt-get install openssh-client")
        }
        return CheckResult("ssh", "ssh client", .pass, ssh)
    }

    /// This machine as the shared engine reads it (once per run: disk, limits and sysctls).
    var host: HostReadings { HostReadings.local(diskPath: osvmDir, sysctlKeys: SVMCatalog.agaveSysctl.keys.sorted()) }

    func diskSpace(_ host: HostReadings) -> CheckResult {
        HealthChecks.disk(host, thresholds, purpose: "osvm writes history, journals, buffers there", judgeUsedPercent: false)
    }

    func openFileLimit(_ host: HostReadings) -> CheckResult {
        HealthChecks.openFiles(host, minimum: thresholds.minOpenFiles, fix: "ulimit -n 4096")
    }

    func terminal() -> CheckResult {
        let term = settings.environment["TERM"] ?? ""
        let tty = isatty(STDOUT_FILENO) == 1
        if term.isEmpty || term == "dumb" {
            return CheckResult("terminal", "terminal", .warn, "TERM=\(term.isEmpty ? "(unset)" : term): the workbench (osvm tui) needs a real terminal",
                               fix: "run in a terminal emulator with TERM=xterm-256color")
        }
        let colors = term.contains("256color") || settings.environment["COLORTERM"] != nil ? "256+ colours" : "basic colours"
        return CheckResult("terminal", "terminal", .pass, "TERM=\(term), \(colors)\(tty ? "" : ", output not a terminal")")
    }

    /// On a node host (agave-validator installed, or a deployment under /opt/osvm): the
    /// kernel settings the validator's maintainers ask for, judged as the node monitors do.
    func nodeSysctls(_ host: HostReadings) -> [CheckResult] {
        guard Self.which("agave-validator") != nil || FileManager.default.fileExists(atPath: "/opt/osvm") else { return [] }
        return [HealthChecks.sysctls(host, want: SVMCatalog.agaveSysctl)]
    }

    static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

}

/// One MCP server's answer to the doctor's probe; `answered` nil: disabled, not probed.
public struct MCPServerAnswer: Sendable, Equatable {
    public var name: String
    public var answered: Bool?
    public var detail: String
    public init(name: String, answered: Bool?, detail: String) { self.name = name; self.answered = answered; self.detail = detail }
}

/// Applies `SafeFix`es: never inside `~/.config/solana`, never widening a mode.
public enum DoctorFixer {
    public static let defaultConfig = """
        # osvm configuration (osvm doctor --fix wrote this; osvm config show explains each value)
        rpc_url: mainnet
        commitment: confirmed

        """

    /// Applies one fix; returns what changed.
    public static func apply(_ fix: SafeFix, home: String) throws -> String {
        switch fix {
        case .chmod(let path, let mode):
            guard !Keypair.isInsideSolanaConfig(path, home: home) else { throw DeployError.local("refusing to change \(path): ~/.config/solana belongs to the Solana CLI") }
            guard chmod(path, mode_t(mode)) == 0 else { throw DeployError.local("chmod \(path): \(String(cString: strerror(errno)))") }
            return "chmod \(String(mode, radix: 8)) \(path)"
        case .makeDirectory(let path):
            try PrivateFile.makeDirectory(path)
            return "created \(path) (0700)"
        case .writeDefaultConfig(let path):
            guard !FileManager.default.fileExists(atPath: path) else { return "kept \(path) (exists)" }
            try AtomicFile.write(Data(defaultConfig.utf8), to: path, mode: 0o600)
            return "wrote \(path) (defaults)"
        }
    }
}
