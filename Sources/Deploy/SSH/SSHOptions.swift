import Foundation

/// How to reach a host: key, known_hosts, timeouts. Host-key checking is on by default.
///
///     var o = SSHOptions(identityFile: "~/.ssh/id_ed25519")
///     o.knownHostsFile = "/tmp/kh"           // tests pin the throwaway sshd's key here
public struct SSHOptions: Sendable, Hashable, Codable {
    /// `-i KEY`; nil uses the user's agent and ssh config.
    public var identityFile: String?
    /// `UserKnownHostsFile=`; nil uses ~/.ssh/known_hosts.
    public var knownHostsFile: String?
    /// `StrictHostKeyChecking=yes` unless turned off deliberately.
    public var strictHostKeyChecking: Bool
    /// `ConnectTimeout=` in seconds.
    public var connectTimeout: Int
    /// Extra `-o` options, e.g. `["ProxyJump=bastion"]`.
    public var extraOptions: [String]

    public init(identityFile: String? = nil, knownHostsFile: String? = nil, strictHostKeyChecking: Bool = true,
                connectTimeout: Int = 10, extraOptions: [String] = []) {
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
        self.strictHostKeyChecking = strictHostKeyChecking
        self.connectTimeout = connectTimeout
        self.extraOptions = extraOptions
    }

    /// Options shared by ssh and scp (each as `-o K=V` or `-i F`); never interactive.
    func commonArguments() -> [String] {
        var a = ["-o", "BatchMode=yes", "-o", "ConnectTimeout=\(connectTimeout)",
                 "-o", "StrictHostKeyChecking=\(strictHostKeyChecking ? "yes" : "accept-new")",
                 "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR"]
        if let k = knownHostsFile { a += ["-o", "UserKnownHostsFile=\(SSHOptions.expand(k))"] }
        if let i = identityFile { a += ["-i", SSHOptions.expand(i), "-o", "IdentitiesOnly=yes"] }
        for o in extraOptions { a += ["-o", o] }
        return a
    }

    /// `~/x` → `$HOME/x`.
    static func expand(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] else { return path }
        return home + path.dropFirst(1)
    }
}
