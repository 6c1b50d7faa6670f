import Foundation

/// The remote side as the deployer and monitors see it: run a script, upload a file.
/// `SSHClient` is the live implementation; tests may substitute their own.
public protocol RemoteShell: Sendable {
    var target: SSHTarget { get }
    /// Runs `script` with `sh -c` on the host; a non-zero exit is a result, not an error.
    /// SSH-level failures (refused, auth, host key, timeout) throw `DeployError`.
    func run(_ script: String, timeout: Double?, onLine: (@Sendable (OutputLine) -> Void)?) async throws -> CommandResult
    /// Copies a local file to `remotePath` on the host.
    func upload(_ localPath: String, to remotePath: String) async throws
}

extension RemoteShell {
    /// Runs `script` and throws `remoteFailed` unless it exits 0; returns stdout.
    @discardableResult
    public func check(_ what: String, _ script: String, timeout: Double? = nil) async throws -> String {
        let r = try await run(script, timeout: timeout, onLine: nil)
        guard r.succeeded else { throw DeployError.remoteFailed(what, r.status, r.lastLine) }
        return r.stdout
    }
}

/// SSH through the system `ssh`/`scp` (the user's config, agent and known_hosts keep working).
///
///     let ssh = SSHClient(target: try .parse("root@10.0.0.5"), options: SSHOptions(identityFile: key))
///     let r = try await ssh.run("uname -a", timeout: 30) { print($0.text) }
public struct SSHClient: RemoteShell {
    public let target: SSHTarget
    public let options: SSHOptions
    public var sshPath: String
    public var scpPath: String

    public init(target: SSHTarget, options: SSHOptions = SSHOptions(), sshPath: String = "/usr/bin/ssh", scpPath: String = "/usr/bin/scp") {
        self.target = target
        self.options = options
        self.sshPath = sshPath
        self.scpPath = scpPath
    }

    /// The full ssh argument vector for `script` (exposed for dry runs and tests).
    public func sshArguments(_ script: String) -> [String] {
        options.commonArguments() + ["-p", "\(target.port)", "-T", target.sshDestination, "--", "sh -c " + Shell.quote(script)]
    }

    public func run(_ script: String, timeout: Double? = nil,
                    onLine: (@Sendable (OutputLine) -> Void)? = nil) async throws -> CommandResult {
        let r = try await ProcessRunner.run(sshPath, sshArguments(script), timeout: timeout, onLine: onLine)
        if r.timedOut { throw DeployError.timeout(target.description) }
        if r.status == 255, let e = SSHClient.classify(r.stderr, target: target) { throw e }
        return r
    }

    public func upload(_ localPath: String, to remotePath: String) async throws {
        let args = options.commonArguments() + ["-q", "-P", "\(target.port)", localPath, "\(target.scpDestination):\(remotePath)"]
        let r = try await ProcessRunner.run(scpPath, args, timeout: Double(options.connectTimeout) + 600)
        if r.timedOut { throw DeployError.timeout(target.description) }
        guard r.status == 0 else {
            throw SSHClient.classify(r.stderr, target: target) ?? .remoteFailed("upload of \(localPath)", r.status, r.lastLine)
        }
    }

    /// Maps ssh's stderr (exit 255) to a typed error (`sshFailed` with the last line when unrecognised).
    public static func classify(_ stderr: String, target: SSHTarget) -> DeployError? {
        let d = target.description
        let s = stderr.lowercased()
        if s.contains("connection refused") { return .connectionRefused(d) }
        if s.contains("remote host identification has changed") { return .hostKeyChanged(d) }
        if s.contains("host key verification failed") || s.contains("host key is known") { return .unknownHostKey(d) }
        if s.contains("permission denied") || s.contains("too many authentication failures") { return .authenticationFailed(d) }
        if s.contains("timed out") { return .timeout(d) }
        if s.contains("could not resolve hostname") || s.contains("name or service not known") { return .unresolvedHost(d) }
        let last = stderr.split(separator: "\n").last.map(String.init) ?? "exit status 255"
        return .sshFailed(d, last)
    }
}

/// POSIX shell quoting.
public enum Shell {
    /// `it's` → `'it'\''s'`.
    public static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
