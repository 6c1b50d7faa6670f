#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process environment as a dictionary, read from `environ`.
///
/// `ProcessInfo.processInfo.environment` does the same, but its dictionary type is
/// resolved at run time inside Foundation, by a scan of every protocol conformance in the
/// binary: ~830,000 instructions, 15 % of `osvm ovsm eval 1` (ARCHITECTURE.md,
/// "Start-up"). Entries without `=` are skipped; a repeated name keeps its first value,
/// as `getenv` does.
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        // Sized before the first insert: a dictionary that grows calls the resize
        // specialisation the linker takes from swift-argument-parser's objects, which
        // resolves the storage type by mangled name (~450,000 instructions, 9 % of
        // `osvm ovsm eval 1`); ours are compiled with direct metadata accessors.
        var count = 0
        var q = environ
        while q.pointee != nil { count += 1; q += 1 }
        var env = [String: String](minimumCapacity: count)
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<eq])
                if env[name] == nil { env[name] = String(text[text.index(after: eq)...]) }
            }
            p += 1
        }
        return env
    }

    /// One variable (`getenv`), without building the dictionary.
    public static func value(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        return String(cString: v)
    }
}
