/// The environment handed to child processes that are not ours to trust with secrets
/// (MCP servers): only what a program needs to run, plus what its configuration declares.
/// `OPENAI_KEY`, `OSVM_*` and the rest of the parent's environment stay behind.
public enum ChildEnvironment {
    public static let allowed: Set<String> = ["PATH", "HOME", "LANG", "TERM", "TMPDIR", "USER"]

    public static func minimal(from parent: [String: String], adding declared: [String: String] = [:]) -> [String: String] {
        var env = parent.filter { allowed.contains($0.key) || $0.key.hasPrefix("LC_") }
        for (k, v) in declared { env[k] = v }
        return env
    }
}
