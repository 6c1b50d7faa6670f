import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a host looks like to the checks: read here (`osvm doctor`) or on a node over SSH
/// (the node monitors), then judged by the same `HealthChecks`. Nil: not readable there.
public struct HostReadings: Sendable, Equatable, Codable {
    /// The directory the disk figures are for (the nearest existing parent of the data path).
    public var diskPath: String?
    public var diskFreeBytes: UInt64?
    public var diskUsedPercent: Double?
    public var openFilesSoft: UInt64?
    public var openFilesHard: UInt64?
    /// Whose open-file limit that is: "osvm" here, the validator process on a node.
    public var openFilesOf: String = "this shell"
    /// The validator sysctls as read from /proc/sys (only the keys that could be read).
    public var sysctls: [String: UInt64] = [:]

    public init() {}

    /// Readings of this machine, disk figures for `path` (or its nearest existing parent).
    public static func local(diskPath path: String, sysctlKeys: [String]) -> HostReadings {
        var r = HostReadings()
        var p = path
        while !FileManager.default.fileExists(atPath: p), p != "/" { p = (p as NSString).deletingLastPathComponent }
        r.diskPath = p
        var s = statvfs()
        if statvfs(p, &s) == 0 {
            r.diskFreeBytes = UInt64(s.f_bavail) * UInt64(s.f_frsize)
            // As df computes Use%: used / (used + available to users), root's reserve left out,
            // so that a node read over SSH (df) and this machine (statvfs) agree.
            let used = Double(s.f_blocks) - Double(s.f_bfree), avail = Double(s.f_bavail)
            if used + avail > 0 { r.diskUsedPercent = used / (used + avail) * 100 }
        }
        var lim = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &lim) == 0 {
            r.openFilesSoft = UInt64(lim.rlim_cur); r.openFilesHard = UInt64(lim.rlim_max)
            r.openFilesOf = "osvm"
        }
        for key in sysctlKeys {
            let file = "/proc/sys/" + key.replacingOccurrences(of: ".", with: "/")
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
               let v = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) { r.sysctls[key] = v }
        }
        return r
    }

    /// POSIX sh that prints the same readings on a node as `key=value` lines: disk for
    /// `dataPath`, the open-file limit of the running validator (from /proc/PID/limits; the
    /// shell's own when no validator runs) and the sysctls. The pattern's `[a]gave` keeps
    /// pgrep from matching this script's own `sh -c` command line.
    public static func remoteScript(dataPath: String, sysctlKeys: [String]) -> String {
        var s = """
        p=\(Shell.quote(dataPath)); while [ ! -d "$p" ]; do p=$(dirname "$p"); done
        echo "disk_path=$p"
        df -Pk "$p" | awk 'NR==2 {gsub("%","",$5); print "disk=" $5; print "disk_free_kb=" $4}'
        pid=$(pgrep -o -f '[a]gave-validator|[s]olana-validator|[s]olana-test-validator' 2>/dev/null || true)
        if [ -n "$pid" ] && [ -r /proc/$pid/limits ]; then
          awk '/Max open files/ {print "nofile_soft=" $4; print "nofile_hard=" $5}' /proc/$pid/limits; echo "nofile_of=validator (pid $pid)"
        else
          echo "nofile_soft=$(ulimit -n)"; echo "nofile_hard=$(ulimit -Hn)"; echo "nofile_of=login shell"
        fi

        """
        for key in sysctlKeys {
            let file = "/proc/sys/" + key.replacingOccurrences(of: ".", with: "/")
            s += "[ -r \(file) ] && echo \"sysctl.\(key)=$(cat \(file))\"\n"
        }
        return s
    }

    /// Parses what `remoteScript` printed (unknown lines ignored, "unlimited" is UInt64.max).
    public static func parse(_ kv: [String: String]) -> HostReadings {
        func count(_ s: String?) -> UInt64? {
            guard let s = s?.trimmingCharacters(in: .whitespaces) else { return nil }
            return s == "unlimited" ? UInt64.max : UInt64(s)
        }
        var r = HostReadings()
        r.diskPath = kv["disk_path"]
        r.diskUsedPercent = kv["disk"].flatMap(Double.init)
        r.diskFreeBytes = count(kv["disk_free_kb"]).map { $0 &* 1024 }
        r.openFilesSoft = count(kv["nofile_soft"])
        r.openFilesHard = count(kv["nofile_hard"])
        if let of = kv["nofile_of"] { r.openFilesOf = of }
        for (k, v) in kv where k.hasPrefix("sysctl.") {
            if let n = count(v) { r.sysctls[String(k.dropFirst(7))] = n }
        }
        return r
    }
}
