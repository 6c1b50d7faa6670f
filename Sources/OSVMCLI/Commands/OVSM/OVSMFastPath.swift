/// `osvm ovsm run|eval|check` with plain arguments, recognised before ArgumentParser.
///
/// ArgumentParser builds its command tree by reflection (type metadata and protocol-
/// conformance scans over the whole binary): ~3 ms, more than reading and evaluating a small
/// script. This recogniser accepts only argument lists whose meaning is certain — `--json`,
/// `-u URL`/`--url URL` (each at most once, where the command has them) and one operand that
/// does not start with `-` — and leaves everything else (help, `--`, `--url=…`, mistakes) to
/// ArgumentParser, so behaviour and messages stay the same.
enum OVSMFastPath {
    enum Command: String { case run, eval, check }

    struct Invocation {
        var command: Command
        var operand: String
        var json = false
        var url: String?
    }

    static func parse(_ args: [String]) -> Invocation? {
        guard args.count >= 3, args[0] == "ovsm", let command = Command(rawValue: args[1]) else { return nil }
        let takesOptions = command != .check
        var operand: String?
        var json = false
        var url: String?
        var i = 2
        while i < args.count {
            let a = args[i]
            if takesOptions && a == "--json" {
                if json { return nil }
                json = true
            } else if takesOptions && (a == "-u" || a == "--url") {
                guard url == nil, i + 1 < args.count, !args[i + 1].hasPrefix("-") else { return nil }
                url = args[i + 1]
                i += 1
            } else if a.hasPrefix("-") || operand != nil {
                return nil
            } else {
                operand = a
            }
            i += 1
        }
        guard let operand else { return nil }
        return Invocation(command: command, operand: operand, json: json, url: url)
    }

    static func run(_ invocation: Invocation) -> Int32 {
        switch invocation.command {
        case .run: return OVSMActions.run(file: invocation.operand, json: invocation.json, url: invocation.url)
        case .eval: return OVSMActions.eval(code: invocation.operand, json: invocation.json, url: invocation.url)
        case .check: return OVSMActions.check(file: invocation.operand)
        }
    }
}
