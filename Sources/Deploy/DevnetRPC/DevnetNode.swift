import Chain
import Foundation
import OSVMSettings
#if canImport(Glibc)
import Glibc
#endif

/// The lifecycle of the local devnet RPC node: start it detached, tell whether it runs,
/// stop it. Everything it knows lives in `layout` (pid file, record, log), so every
/// `osvm rpc devnet …` invocation is a fresh process that finds the node again.
public struct DevnetNode: Sendable {
    public let layout: DevnetNodeLayout
    public var environment: [String: String]

    public init(layout: DevnetNodeLayout, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.layout = layout
        self.environment = environment
    }

    /// The full command line (`executable` first) a start would run.
    public func commandLine(executable: String, options: DevnetNodeOptions) -> [String] {
        [executable] + options.arguments(layout: layout)
    }

    // MARK: - which node is running

    /// The running node: its record (or, without one, what the pid file says).
    public enum Found: Sendable, Equatable {
        case running(pid: pid_t, record: DevnetNodeRecord?)
        /// A pid file whose process is gone or is someone else's (removed).
        case stale(pid: pid_t)
        case none
    }

    /// Looks the node up; a stale pid file (and its record) is removed on the way.
    public func find() -> Found {
        guard let pid = PidFile.read(layout.pidFile) else {
            if FileManager.default.fileExists(atPath: layout.pidFile) { removeRunFiles(); return .stale(pid: 0) }
            return .none
        }
        let record = DevnetNodeRecord.read(layout.record)
        let marker = record?.ledger ?? layout.ledger
        switch DetachedProcess.state(of: pid, marker: marker) {
        case .running: return .running(pid: pid, record: record?.pid == pid ? record : nil)
        case .gone, .otherProcess:
            removeRunFiles()
            return .stale(pid: pid)
        }
    }

    func removeRunFiles() {
        unlink(layout.pidFile)
        unlink(layout.record)
    }

    // MARK: - start

    public struct Started: Sendable {
        public let record: DevnetNodeRecord
        public let identityPubkey: String
        public let createdIdentity: Bool
        /// The pid of a stale pid file that was cleared first.
        public let clearedStalePid: pid_t?
    }

    /// Starts `executable` detached and returns once it has survived `settle` seconds (a
    /// validator that rejects its arguments exits at once; that becomes an error with the
    /// log's last lines instead of a pid that is already gone).
    public func start(executable: String, options: DevnetNodeOptions, settle: Double = 1) throws(DeployError) -> Started {
        try options.validate()
        do { try PrivateFile.makeDirectory(layout.directory) } catch { throw .local("\(error)") }
        // Two starts at once would both see "not running": the second waits for nothing and says so.
        let lock = open(layout.directory + "/start.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw .local("cannot open \(layout.directory)/start.lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            throw .local("another osvm rpc devnet is starting the node right now; try osvm rpc devnet --status in a moment")
        }
        var cleared: pid_t?
        switch find() {
        case .running(let pid, let record):
            let url = record.map { " (RPC \($0.localRPCURL))" } ?? ""
            throw .local("the devnet node is already running: pid \(pid)\(url); stop it with: osvm rpc devnet --stop")
        case .stale(let pid): cleared = pid
        case .none: break
        }
        let probeHost = options.rpcBindAddress == "0.0.0.0" ? "0.0.0.0" : options.rpcBindAddress
        guard PortProbe.isFree(host: probeHost, port: options.rpcPort) else {
            throw .local("port \(options.rpcPort) on \(options.rpcBindAddress) is already in use (another validator? osvm rpc local?); choose another with --rpc-port")
        }
        do { try PrivateFile.makeDirectory(layout.ledger) } catch { throw .local("\(error)") }
        let (pubkey, created) = try identity()

        let args = options.arguments(layout: layout)
        let pid = try DetachedProcess.spawn(executable, args, logFile: layout.log, environment: environment)
        let record = DevnetNodeRecord(pid: pid, rpcPort: options.rpcPort, rpcBindAddress: options.rpcBindAddress,
                                      ledger: layout.ledger, log: layout.log, identity: layout.identity,
                                      executable: executable, arguments: args,
                                      startedAt: ISO8601DateFormatter().string(from: Date()))
        do {
            try PidFile.write(pid, to: layout.pidFile)
            try record.write(layout.record)
        } catch {
            DetachedProcess.signal(pid, SIGTERM)
            removeRunFiles()
            throw error
        }
        // Right after the spawn the child may not have exec'd yet: its command line is still
        // osvm's (no marker), which is not an exit. Only a vanished process is, or one that
        // still is not the validator when the settle time is over.
        let deadline = Date().addingTimeInterval(settle)
        while true {
            let state = DetachedProcess.state(of: pid, marker: layout.ledger)
            let over = Date() >= deadline
            if state == .gone || (over && state != .running) {
                removeRunFiles()
                let tail = LogFollower.lastLines(of: layout.log, count: 5).trimmingCharacters(in: .whitespacesAndNewlines)
                throw .local("agave-validator exited right after starting" + (tail.isEmpty ? "" : "; last lines of \(layout.log):\n" + tail))
            }
            if over { break }
            usleep(50_000)
        }
        return Started(record: record, identityPubkey: pubkey, createdIdentity: created, clearedStalePid: cleared)
    }

    /// The node's identity: read when present, else generated (0600). Its own key, never
    /// the user's `~/.config/solana/id.json`: a non-voting node needs no funds.
    func identity() throws(DeployError) -> (pubkey: String, created: Bool) {
        if FileManager.default.fileExists(atPath: layout.identity) {
            do { return (try Keypair.read(path: layout.identity).pubkey.base58, false) } catch {
                throw .local("node identity \(layout.identity) is unreadable: \(error); move it away to generate a new one")
            }
        }
        do {
            let kp = try Keypair.generate()
            try kp.write(toNewPath: layout.identity)
            return (kp.pubkey.base58, true)
        } catch {
            throw .local("cannot create the node identity \(layout.identity): \(error)")
        }
    }

    // MARK: - status

    public struct Status: Sendable, Codable, Equatable {
        public var running: Bool
        public var pid: Int32?
        public var rpcPort: Int?
        public var rpcURL: String?
        public var ledger: String
        public var log: String
        public var identity: String?
        public var startedAt: String?
        /// From getSlot on the node; nil with `slotError` when it does not answer (yet).
        public var slot: UInt64?
        public var slotError: String?
        /// The pid of a stale pid file found (and removed) by this look-up.
        public var stalePid: Int32?
    }

    /// Whether the node runs and, if its RPC answers within `timeout`, its slot.
    public func status(timeout: Double = 3) async -> Status {
        var s = Status(running: false, ledger: layout.ledger, log: layout.log)
        if FileManager.default.fileExists(atPath: layout.identity) {
            s.identity = (try? Keypair.read(path: layout.identity))?.pubkey.base58
        }
        switch find() {
        case .none: return s
        case .stale(let pid): s.stalePid = pid; return s
        case .running(let pid, let record):
            s.running = true
            s.pid = pid
            guard let record else { return s }
            s.rpcPort = record.rpcPort
            s.rpcURL = record.localRPCURL
            s.ledger = record.ledger
            s.log = record.log
            s.startedAt = record.startedAt
            do {
                let rpc = try RPCClient(url: record.localRPCURL, timeout: timeout, maxRetries: 0)
                s.slot = try await rpc.getSlot(commitment: .processed)
            } catch {
                s.slotError = "\(error)"
            }
            return s
        }
    }

    // MARK: - stop

    public enum StopOutcome: Sendable, Equatable {
        case notRunning(stalePid: pid_t?)
        /// Stopped by SIGTERM within the grace period, or by SIGKILL after it.
        case stopped(pid: pid_t, killed: Bool)
    }

    /// SIGTERM, up to `grace` seconds for a clean exit, then SIGKILL; the pid file and
    /// record are removed either way.
    public func stop(grace: Double = 30) throws(DeployError) -> StopOutcome {
        let pid: pid_t
        let marker: String
        switch find() {
        case .none: return .notRunning(stalePid: nil)
        case .stale(let p): return .notRunning(stalePid: p)
        case .running(let p, let record): (pid, marker) = (p, record?.ledger ?? layout.ledger)
        }
        DetachedProcess.signal(pid, SIGTERM)
        if waitGone(pid, marker: marker, seconds: grace) {
            removeRunFiles()
            return .stopped(pid: pid, killed: false)
        }
        DetachedProcess.signal(pid, SIGKILL)
        guard waitGone(pid, marker: marker, seconds: 10) else {
            throw .local("pid \(pid) survived SIGKILL for 10 s (stuck in the kernel?); pid file kept at \(layout.pidFile)")
        }
        removeRunFiles()
        return .stopped(pid: pid, killed: true)
    }

    private func waitGone(_ pid: pid_t, marker: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if DetachedProcess.state(of: pid, marker: marker) != .running { return true }
            usleep(50_000)
        } while Date() < deadline
        return DetachedProcess.state(of: pid, marker: marker) != .running
    }
}
