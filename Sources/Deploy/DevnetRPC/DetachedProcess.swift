import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process that outlives osvm: started in its own session (so the terminal's Ctrl-C and
/// hang-up never reach it), stdin from /dev/null, stdout and stderr appended to a log file.
/// Looked up again later by pid, with /proc telling a live process from a zombie or from
/// an unrelated process that reused the pid.
public enum DetachedProcess {
    /// Starts `executable` with `arguments` (argv[0] is the executable path) and returns its pid.
    public static func spawn(_ executable: String, _ arguments: [String], logFile: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(DeployError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attr = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attr)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attr)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A new session and default signal handling: osvm may ignore SIGINT/SIGPIPE
        // itself, the node must not inherit that. POSIX_SPAWN_SETSID (glibc ≥ 2.26) is a
        // _GNU_SOURCE macro the Glibc module does not export: its value from <spawn.h>.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setflags(&attr, Int16(Self.spawnSetsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
        guard rc == 0 else {
            throw .local("cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        return pid
    }

    static let spawnSetsid: Int32 = 0x80

    public enum State: Equatable, Sendable {
        case running
        /// Exited (or a zombie waiting for its parent).
        case gone
        /// The pid is alive but belongs to another program (pid reuse after a reboot/crash).
        case otherProcess
    }

    /// Whether `pid` is alive and its command line contains `marker` as one argument.
    public static func state(of pid: pid_t, marker: String) -> State {
        guard pid > 0 else { return .gone }
        reap(pid)
        let proc = "/proc/\(pid)"
        guard let stat = try? String(contentsOfFile: proc + "/stat", encoding: .utf8) else {
            // No /proc (not Linux): signal 0 says alive or not, nothing more.
            if FileManager.default.fileExists(atPath: "/proc/self") { return .gone }
            return kill(pid, 0) == 0 || errno == EPERM ? .running : .gone
        }
        // "pid (comm) S ..." — comm may hold spaces or parentheses: the state follows the last ')'.
        if let close = stat.lastIndex(of: ")") {
            let rest = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("Z") || rest.hasPrefix("X") { return .gone }
        }
        guard let cmd = FileManager.default.contents(atPath: proc + "/cmdline") else { return .gone }
        let args = cmd.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        return args.contains(marker) ? .running : .otherProcess
    }

    /// Collects the exit status when the process is our own child (a start and a stop in
    /// the same osvm process, as in tests); harmless otherwise (ECHILD).
    public static func reap(_ pid: pid_t) {
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }

    /// Sends `signal` to the process group the node leads (its own session), so helpers
    /// it started stop too; falls back to the pid alone.
    public static func signal(_ pid: pid_t, _ sig: Int32) {
        if kill(-pid, sig) != 0 { _ = kill(pid, sig) }
    }
}
