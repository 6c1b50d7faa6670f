import Foundation

/// What the deployer learns about a host before building its plan.
///
///     let facts = try await HostFacts.probe(ssh, path: "/opt/osvm")
///     facts.hasSystemd          // false on the supervisord test host
public struct HostFacts: Sendable, Codable, Hashable {
    public var kernel: String
    public var arch: String
    public var cpus: Int
    public var memTotalKB: Int
    public var diskFreeKB: Int
    public var hasSystemd: Bool
    public var hasSupervisor: Bool
    public var hasAptGet: Bool

    /// Prints `key=value` lines; reads only.
    public static func probeScript(path: String) -> String {
        """
        echo "kernel=$(uname -sr)"
        echo "arch=$(uname -m)"
        echo "cpus=$(nproc 2>/dev/null || echo 0)"
        echo "mem_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)"
        p=\(Shell.quote(path)); while [ ! -d "$p" ]; do p=$(dirname "$p"); done
        echo "disk_free_kb=$(df -Pk "$p" | awk 'NR==2 {print $4}')"
        [ -d /run/systemd/system ] && echo systemd=1 || echo systemd=0
        command -v supervisorctl >/dev/null 2>&1 && echo supervisor=1 || echo supervisor=0
        command -v apt-get >/dev/null 2>&1 && echo apt=1 || echo apt=0
        """
    }

    /// Parses the probe's output.
    public static func parse(_ text: String) -> HostFacts {
        var kv: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if let eq = line.firstIndex(of: "=") { kv[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        return HostFacts(kernel: kv["kernel"] ?? "?", arch: kv["arch"] ?? "?", cpus: Int(kv["cpus"] ?? "") ?? 0,
                         memTotalKB: Int(kv["mem_kb"] ?? "") ?? 0, diskFreeKB: Int(kv["disk_free_kb"] ?? "") ?? 0,
                         hasSystemd: kv["systemd"] == "1", hasSupervisor: kv["supervisor"] == "1", hasAptGet: kv["apt"] == "1")
    }

    /// Runs the probe over `shell`.
    public static func probe(_ shell: any RemoteShell, path: String) async throws -> HostFacts {
        parse(try await shell.check("system probe", probeScript(path: path), timeout: 30))
    }

    /// `.auto` → systemd when the host runs it, else supervisord at its Debian paths.
    public func resolve(_ m: ServiceManager) -> ServiceManager {
        guard case .auto = m else { return m }
        return hasSystemd ? .systemd : .defaultSupervisor
    }

    public var summary: String {
        "\(kernel) \(arch), \(cpus) CPUs, \(memTotalKB / 1_048_576) GB RAM, \(diskFreeKB / 1_048_576) GB free, "
            + (hasSystemd ? "systemd" : hasSupervisor ? "supervisord" : "no service manager found")
    }
}
