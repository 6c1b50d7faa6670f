/// Output, format, time, JSON and error builtins (spec §8.8, §10.2, §10.3).
extension Builtins {
    static var outputBuiltins: [Builtin] {
        [
            Builtin("log", min: 0, max: nil, doc: """
                (log [:message m] [:value v] | v...) — write one line to the output: with \
                keywords, display(m) + " " + display(v) (either part may be absent; other \
                keywords are ignored); otherwise the display forms of all arguments joined by \
                spaces. Returns null.
                """) { args, interp in
                interp.write(sysLogLine(args) + "\n")
                return .null
            },
            Builtin("print", min: 0, max: nil, doc: """
                (print v...) — write the display forms of the arguments separated by one space, \
                no newline. Returns null.
                """) { args, interp in
                interp.write(sysDisplayJoined(args))
                return .null
            },
            Builtin("println", min: 0, max: nil, doc: """
                (println v...) — write the display forms of the arguments separated by one \
                space, then a newline. Returns null.
                """) { args, interp in
                interp.write(sysDisplayJoined(args) + "\n")
                return .null
            },
            Builtin("prin1", aliases: ["write"], doc: """
                (prin1 v) — write the print form of v (strings quoted), no newline. Returns v.
                """, unary: { arg0, interp in
                interp.write(Printer.printForm(arg0))
                return arg0
            }),
            Builtin("princ", doc: """
                (princ v) — write the display form of v (strings raw), no newline. Returns v.
                """, unary: { arg0, interp in
                interp.write(Printer.displayForm(arg0))
                return arg0
            }),
            Builtin("terpri", aliases: ["newline"], arity: 0, doc: """
                (terpri) — write a newline. Returns null.
                """) { _, interp in
                interp.write("\n")
                return .null
            },
            Builtin("write-line", doc: """
                (write-line s) — write the display form of s and a newline. Returns s.
                """, unary: { arg0, interp in
                interp.write(Printer.displayForm(arg0) + "\n")
                return arg0
            }),
            Builtin("format", min: 1, max: nil, doc: """
                (format dest control arg...) — format with ~a ~s ~d ~f ~,Nf ~% ~~ ~{…~} ~^. \
                dest nil/false → return the string; t/true → write it to the output and return \
                null; (format control arg...) with a string first returns the string.
                """) { args, interp in
                switch args[0] {
                case .string(let control):
                    return .string(try Format.formatString(control, args.dropFirst(),
                                                           parsed: try interp.formatCache.parsed(control)))
                case .null, .bool:
                    guard args.count >= 2 else {
                        throw OVSMError.arity("format: missing control string")
                    }
                    let control = try Arg.string(args[1], "format")
                    let text = try Format.formatString(control, args.dropFirst(2),
                                                       parsed: try interp.formatCache.parsed(control))
                    if case .bool(true) = args[0] {
                        interp.write(text)
                        return .null
                    }
                    return .string(text)
                default:
                    throw OVSMError.type("format: destination must be nil, t or a control string, got \(args[0].typeName)")
                }
            },
            Builtin("now", arity: 0, doc: """
                (now) — current Unix time in whole seconds (int).
                """) { _, interp in
                let ms = interp.host.nowMillis()
                return .int(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000))
            },
            Builtin("now-ms", arity: 0, doc: """
                (now-ms) — current Unix time in milliseconds (int).
                """) { _, interp in
                .int(interp.host.nowMillis())
            },
            Builtin("sleep", doc: """
                (sleep ms) — pause for ms milliseconds (cancellable). Returns null.
                """, unary: { arg0, interp in
                let ms = try Arg.number(arg0, "sleep")
                guard ms.isFinite else { throw OVSMError.type("sleep: duration must be finite") }
                let clamped = min(max(ms, 0), 9.0e15)
                try interp.sleep(milliseconds: Int(clamped.rounded()))
                return .null
            }),
            Builtin("parse-json", doc: """
                (parse-json s) — parse JSON text into a value (objects keep key order; numbers \
                without fraction/exponent become ints). Invalid JSON → type error.
                """, unary: { arg0, _ in
                try JSON.parse(try Arg.string(arg0, "parse-json"))
            }),
            Builtin("json-stringify", aliases: ["to-json"], doc: """
                (json-stringify v) — compact JSON text of v (keywords/symbols as strings, floats \
                in print form). Functions, macros and non-finite floats → type error.
                """, unary: { arg0, _ in
                .string(try JSON.stringify(arg0))
            }),
            Builtin("assert", min: 1, max: 2, doc: """
                (assert test [message]) — raise a user error with message (default "assertion \
                failed") when test is falsy; otherwise return true.
                """) { args, _ in
                if args[0].isTruthy { return .true }
                let message = args.count > 1 ? Printer.displayForm(args[1]) : "assertion failed"
                throw OVSMError(.user, message)
            },
            Builtin("error", min: 1, max: nil, doc: """
                (error message-or-control args...) — raise a user error. With extra arguments \
                the message is (format nil control args...), otherwise the display form of the \
                single argument.
                """) { args, _ in
                if args.count > 1, case .string(let control) = args[0] {
                    throw OVSMError(.user, try Format.formatString(control, Array(args.dropFirst())))
                }
                throw OVSMError(.user, sysDisplayJoined(args))
            },
            Builtin("lamports->sol", doc: """
                (lamports->sol n) — n / 1e9 as a float.
                """, unary: { arg0, _ in
                .float(try Arg.number(arg0, "lamports->sol") / 1e9)
            }),
            Builtin("sol->lamports", doc: """
                (sol->lamports x) — x × 1e9 as an int, rounded half away from zero (on the \
                decimal value of x). Out of the int range → limit error.
                """, unary: { arg0, _ in
                try sysSolToLamports(arg0)
            }),
        ]
    }

    /// Display forms joined by one space.
    static func sysDisplayJoined(_ args: [Value]) -> String {
        var out = ""
        for (k, a) in args.enumerated() {
            if k > 0 { out += " " }
            out += Printer.displayForm(a)
        }
        return out
    }

    /// The line `log` writes (spec §10.2 and §16), without the newline.
    static func sysLogLine(_ args: [Value]) -> String {
        var keywordForm = args.count % 2 == 0
        if keywordForm {
            for k in stride(from: 0, to: args.count, by: 2) {
                if case .keyword = args[k] { continue }
                keywordForm = false
                break
            }
        }
        guard keywordForm else { return sysDisplayJoined(args) }
        var message: Value?
        var value: Value?
        for k in stride(from: 0, to: args.count, by: 2) {
            guard case .keyword(let kw) = args[k] else { continue }
            switch kw.name {
            case "message": message = args[k + 1]
            case "value": value = args[k + 1]
            default: break
            }
        }
        switch (message, value) {
        case let (m?, v?): return Printer.displayForm(m) + " " + Printer.displayForm(v)
        case let (m?, nil): return Printer.displayForm(m)
        case let (nil, v?): return Printer.displayForm(v)
        case (nil, nil): return ""
        }
    }

    static func sysSolToLamports(_ v: Value) throws -> Value {
        switch v {
        case .int(let n):
            let (r, o) = n.multipliedReportingOverflow(by: 1_000_000_000)
            if o { throw OVSMError.limit("sol->lamports: \(n) SOL overflows the int range") }
            return .int(r)
        case .float(let d):
            guard d.isFinite else { throw OVSMError.limit("sol->lamports: \(Printer.formatFloat(d)) is not finite") }
            if d == 0 { return .int(0) }
            let sd = Printer.shortestDigits(abs(d))
            let digits = Format.decimalDigits(sd.digits)
            let rounded = Format.roundedDigits(digits, sd.pointPos + 9, 0)
            guard rounded.count <= 19 else {
                throw OVSMError.limit("sol->lamports: \(Printer.formatFloat(d)) SOL overflows the int range")
            }
            var magnitude = 0
            for dg in rounded {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(dg))
                if o1 || o2 { throw OVSMError.limit("sol->lamports: \(Printer.formatFloat(d)) SOL overflows the int range") }
                magnitude = s
            }
            return .int(d < 0 ? -magnitude : magnitude)
        default:
            throw OVSMError.type("sol->lamports: expected a number, got \(v.typeName)")
        }
    }
}
