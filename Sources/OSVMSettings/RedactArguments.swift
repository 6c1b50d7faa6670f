/// Command lines meant for people (the `--debug` trace echoes osvm's own arguments): the
/// value of a secret-bearing flag becomes `***`, any URL goes through `Redact.url`.
///
///     Redact.arguments(["rpc", "slot", "-u", "http://a:pw@h/?api-key=K", "--ai-key", "sk-1"])
///     // ["rpc", "slot", "-u", "http://***@h/?api-key=***", "--ai-key", "***"]
extension Redact {
    /// Flags whose value is a secret in itself.
    static let secretFlags: Set<String> = ["--ai-key", "--api-key", "--key", "--token", "--password", "--secret"]

    public static func arguments(_ args: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(args.count)
        var hideNext = false
        for a in args {
            if hideNext {
                out.append(mask)
                hideNext = false
                continue
            }
            if secretFlags.contains(a) {
                out.append(a)
                hideNext = true
            } else if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                let flag = String(a[..<eq]), value = String(a[a.index(after: eq)...])
                out.append(flag + "=" + (secretFlags.contains(flag) ? mask : word(value)))
            } else {
                out.append(word(a))
            }
        }
        return out
    }

    /// One word: a URL (anything with `://`) redacted, the rest unchanged.
    static func word(_ w: String) -> String { w.contains("://") ? url(w) : w }
}
