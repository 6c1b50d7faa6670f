import Foundation

/// Every failure of the Deploy library, each printable as one line.
///
/// SSH failures are classified from ssh's exit status 255 and its stderr, so callers can
/// tell a refused connection from a rejected key or an unknown host key.
public enum DeployError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The target text is not `user@host[:port]` (input, reason).
    case badTarget(String, String)
    /// An unknown SVM, network or node type (what, value, accepted values).
    case badValue(String, String, [String])
    case connectionRefused(String)
    case authenticationFailed(String)
    case unknownHostKey(String)
    case hostKeyChanged(String)
    case timeout(String)
    case unresolvedHost(String)
    /// ssh itself failed for another reason (destination, last stderr line).
    case sshFailed(String, String)
    /// A remote command failed (what, exit status, last output line).
    case remoteFailed(String, Int32, String)
    case checksumMismatch(String, expected: String, actual: String)
    case stepFailed(String, String)
    case healthCheckFailed(String)
    case journal(String)
    case registry(String)
    case cancelled
    case local(String)

    public var description: String {
        switch self {
        case .badTarget(let t, let why): return "invalid target '\(t)': \(why)"
        case .badValue(let what, let v, let ok): return "unknown \(what) '\(v)' (expected \(ok.joined(separator: ", ")))"
        case .connectionRefused(let d): return "\(d): connection refused (is sshd running on that port?)"
        case .authenticationFailed(let d): return "\(d): authentication failed (the server rejected the key; check -i KEY and authorized_keys)"
        case .unknownHostKey(let d): return "\(d): unknown host key (add it to known_hosts after verifying it, e.g. with ssh-keyscan)"
        case .hostKeyChanged(let d): return "\(d): HOST KEY CHANGED — refusing to connect (possible man-in-the-middle)"
        case .timeout(let d): return "\(d): timed out"
        case .unresolvedHost(let d): return "\(d): cannot resolve host name"
        case .sshFailed(let d, let msg): return "\(d): ssh failed: \(msg)"
        case .remoteFailed(let what, let status, let line):
            return "\(what) failed with exit status \(status)" + (line.isEmpty ? "" : ": \(line)")
        case .checksumMismatch(let f, let e, let a): return "checksum mismatch for \(f): expected \(e), got \(a)"
        case .stepFailed(let step, let why): return "step '\(step)' failed: \(why)"
        case .healthCheckFailed(let why): return "health check failed: \(why)"
        case .journal(let m): return "deployment journal: \(m)"
        case .registry(let m): return "node registry: \(m)"
        case .cancelled: return "cancelled"
        case .local(let m): return m
        }
    }
}
