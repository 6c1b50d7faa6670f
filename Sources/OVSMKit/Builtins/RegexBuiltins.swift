import Foundation
import Synchronization

/// Regular expressions of spec §17.2, on Foundation's NSRegularExpression (ICU). Patterns
/// are the RE2/Rust subset of the spec; `(?P<name>…)` is rewritten to ICU's `(?<name>…)`.
/// Match positions are converted through `Range(_:in:)`, so non-BMP scalars are handled.
extension Builtins {
    static var strRegex: [Builtin] {
        [
            Builtin("regex-match", arity: 2, doc: "(regex-match pattern s) — true when the regex matches somewhere in s") { args, interp in
                let (re, s) = try RegexSupport.operands(args, "regex-match")
                return .bool(!(try RegexSupport.matches(re, s, interp, first: true)).isEmpty)
            },
            Builtin("regex-find-all", arity: 2,
                    doc: "(regex-find-all pattern s) — array of all non-overlapping matched substrings, left to right") { args, interp in
                let (re, s) = try RegexSupport.operands(args, "regex-find-all")
                return .array(try RegexSupport.matches(re, s, interp).map { m in
                    .string(RegexSupport.substring(s, m.range) ?? "")
                })
            },
            Builtin("regex-replace", arity: 3,
                    doc: "(regex-replace pattern s replacement) — s with every match replaced; in the replacement $n, ${n} and ${name} insert a group (missing → \"\"), $$ a $") { args, interp in
                let (re, s) = try RegexSupport.operands(args, "regex-replace")
                let template = RegexSupport.parseTemplate(try Arg.string(args[2], "regex-replace"))
                var out = ""
                var last = s.startIndex
                for m in try RegexSupport.matches(re, s, interp) {
                    guard let r = Range(m.range, in: s) else { continue }
                    out += s[last..<r.lowerBound]
                    for part in template {
                        switch part {
                        case .literal(let t): out += t
                        case .group(let n):
                            if n < m.numberOfRanges { out += RegexSupport.substring(s, m.range(at: n)) ?? "" }
                        case .named(let name):
                            out += RegexSupport.substring(s, m.range(withName: name)) ?? ""
                        }
                    }
                    last = r.upperBound
                }
                out += s[last...]
                return .string(out)
            },
            Builtin("regex-split", arity: 2,
                    doc: "(regex-split pattern s) — the pieces of s between matches (empty pieces kept); a pattern with capture groups is a type error") { args, interp in
                let (re, s) = try RegexSupport.operands(args, "regex-split")
                guard re.numberOfCaptureGroups == 0 else {
                    throw OVSMError.type("regex-split: the pattern must not contain capture groups (use (?:...))")
                }
                var out: [Value] = []
                var last = s.startIndex
                for m in try RegexSupport.matches(re, s, interp) {
                    guard let r = Range(m.range, in: s) else { continue }
                    out.append(.string(String(s[last..<r.lowerBound])))
                    last = r.upperBound
                }
                out.append(.string(String(s[last...])))
                return .array(out)
            },
        ]
    }
}

enum RegexSupport {
    enum TemplatePart: Equatable {
        case literal(String)
        case group(Int)
        case named(String)
    }

    /// Pattern and subject, with the pattern compiled (invalid → `type`).
    static func operands(_ args: [Value], _ fn: String) throws -> (NSRegularExpression, String) {
        let p = try Arg.string(args[0], fn)
        let s = try Arg.string(args[1], fn)
        return (try compile(p, fn), s)
    }

    /// Compiled patterns, so a regex builtin in a loop compiles its pattern once.
    /// NSRegularExpression is immutable and documented thread-safe; the cache is bounded.
    private struct Cache: @unchecked Sendable {
        var map: [String: NSRegularExpression] = [:]
    }
    private static let cache = Mutex(Cache())
    private static let cacheLimit = 256

    static func compile(_ pattern: String, _ fn: String) throws -> NSRegularExpression {
        if let re = cache.withLock({ $0.map[pattern] }) { return re }
        let re: NSRegularExpression
        do {
            re = try NSRegularExpression(pattern: translate(pattern))
        } catch {
            throw OVSMError.type("\(fn): invalid regular expression \(Printer.printForm(.string(pattern)))")
        }
        cache.withLock { c in
            if c.map.count >= cacheLimit { c.map.removeAll(keepingCapacity: true) }
            c.map[pattern] = re
        }
        return re
    }

    /// Rewrites RE2 syntax to ICU's, leaving escapes and classes alone: `(?P<name>` becomes
    /// `(?<name>`, and (unless the pattern turns on multi-line mode) `$` becomes `\z`, since
    /// RE2's `$` matches only at the very end while ICU's also matches before a final newline.
    static func translate(_ pattern: String) -> String {
        let named = pattern.contains("(?P<")
        let dollar = pattern.contains("$") && !multiLine(pattern)
        guard named || dollar else { return pattern }
        let u = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0, inClass = false
        while i < u.count {
            let c = u[i]
            if c == "\\" {
                out.append(c)
                if i + 1 < u.count { out.append(u[i + 1]) }
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
                out.append(c)
                i += 1
                // A leading `]` or `^]` is a literal member.
                if i < u.count, u[i] == "^" { out.append(u[i]); i += 1 }
                if i < u.count, u[i] == "]" { out.append(u[i]); i += 1 }
                continue
            } else if c == "(", i + 3 < u.count, u[i + 1] == "?", u[i + 2] == "P", u[i + 3] == "<" {
                out.append(contentsOf: "(?<".unicodeScalars)
                i += 4
                continue
            } else if c == "$" && dollar {
                out.append(contentsOf: "\\z".unicodeScalars)
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    /// True when the pattern sets the `m` flag somewhere (`(?m)`, `(?im:…)`, …).
    static func multiLine(_ pattern: String) -> Bool {
        let u = Array(pattern.unicodeScalars)
        var i = 0
        while i + 2 < u.count {
            if u[i] == "\\" { i += 2; continue }
            if u[i] == "(" && u[i + 1] == "?" {
                var j = i + 2
                while j < u.count, u[j].properties.isAlphabetic, u[j] != "P" {
                    if u[j] == "m" { return true }
                    j += 1
                }
            }
            i += 1
        }
        return false
    }

    /// Parses a replacement: `$$` → `$`; `$n` (digits) and `${n}` → group n; `${name}` and
    /// `$name` → named group; a `$` not followed by any of these is literal.
    static func parseTemplate(_ t: String) -> [TemplatePart] {
        var parts: [TemplatePart] = []
        var lit = String.UnicodeScalarView()
        let u = Array(t.unicodeScalars)
        func flush() {
            if !lit.isEmpty { parts.append(.literal(String(lit))); lit = String.UnicodeScalarView() }
        }
        func isWord(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)))
        }
        func ref(_ name: String) -> TemplatePart {
            if !name.isEmpty, name.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                return .group(Int(name) ?? Int.max)
            }
            return .named(name)
        }
        var i = 0
        while i < u.count {
            let c = u[i]
            guard c == "$", i + 1 < u.count else { lit.append(c); i += 1; continue }
            let d = u[i + 1]
            if d == "$" {
                lit.append("$")
                i += 2
            } else if d == "{", let close = u[(i + 2)...].firstIndex(of: "}") {
                flush()
                parts.append(ref(String(scalars: u[(i + 2)..<close])))
                i = close + 1
            } else if ("0"..."9").contains(d) {
                var j = i + 1
                while j < u.count, ("0"..."9").contains(u[j]) { j += 1 }
                flush()
                parts.append(ref(String(scalars: u[(i + 1)..<j])))
                i = j
            } else if isWord(d) {
                var j = i + 1
                while j < u.count, isWord(u[j]) { j += 1 }
                flush()
                parts.append(.named(String(scalars: u[(i + 1)..<j])))
                i = j
            } else {
                lit.append(c)
                i += 1
            }
        }
        flush()
        return parts
    }

    /// Steps of the evaluator's budget one ICU progress report costs. ICU reports about
    /// every 10,000 steps of its matcher (~0.1 ms here); an evaluator step is a call or a
    /// loop iteration (~20–50 ns), so a report is charged as a few thousand of them.
    static let stepsPerProgressReport = 4096

    /// The matches of `re` in `s` (only the first when `first`), with ICU's backtracking
    /// kept under control: its progress reports poll the cancel flag and charge the step
    /// budget, so a catastrophic pattern (`(a+)+$`) stops on Ctrl-C, at the assistant's
    /// time limit or when the budget runs out, with `limit` (spec §12).
    static func matches(_ re: NSRegularExpression, _ s: String, _ interp: Interpreter, first: Bool = false) throws -> [NSTextCheckingResult] {
        var out: [NSTextCheckingResult] = []
        var failure: OVSMError? = nil
        re.enumerateMatches(in: s, options: [.reportProgress], range: NSRange(s.startIndex..., in: s)) { m, _, stop in
            if let m {
                out.append(m)
                if first { stop.pointee = true }
                return
            }
            do {
                try interp.checkCancel()
                try interp.chargeSteps(stepsPerProgressReport)
            } catch {
                failure = error as? OVSMError ?? OVSMError.limit("\(error)")
                stop.pointee = true
            }
        }
        if let failure { throw failure }
        return out
    }

    /// The text of a match range (nil for an unmatched group).
    static func substring(_ s: String, _ r: NSRange) -> String? {
        guard r.location != NSNotFound, let range = Range(r, in: s) else { return nil }
        return String(s[range])
    }
}
