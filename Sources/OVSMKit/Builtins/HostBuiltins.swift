/// Host capabilities and async/await (spec §17.3). The names are always bound; each
/// forwards its arguments to `Host.capabilities[name]` and raises `user`
/// "host: <name>: not granted" when the embedder did not grant it.
extension Builtins {
    static let capabilityBuiltins: [(name: String, min: Int, max: Int?, doc: String)] = [
        ("http-get", 1, 2, "(http-get url [headers]) — HTTP GET → {:status int :body string} (network capability)."),
        ("http-post", 2, 3, "(http-post url body [headers]) — HTTP POST; a string body is sent as is, any other value as JSON → {:status :body} (network capability)."),
        ("json-rpc", 2, 3, "(json-rpc url method [params]) — one JSON-RPC 2.0 request to url → its result; an error member → user error (network capability)."),
        ("llm-query", 2, 3, "(llm-query provider prompt [options]) — reply text of a language model; options {:model :system :temperature :max-tokens} (llm capability)."),
        ("stream-connect", 1, nil, "(stream-connect url [:programs a] [:tokens a] [:accounts a] [:event-types a] [:success-only b]) — subscribe to an event stream → stream id (stream capability)."),
        ("stream-poll", 1, 3, "(stream-poll id [:limit n]) — events received since the last poll, at most n (default 100), without blocking (stream capability)."),
        ("stream-wait", 1, 3, "(stream-wait id [:timeout seconds]) — next event object, or null after the timeout (default 30) (stream capability)."),
        ("stream-close", 1, 1, "(stream-close id) — close the stream → true (stream capability)."),
        ("osvm-stream", 0, nil, "(osvm-stream [:alias a] [:programs a] [:tokens a]) — start a host-run stream server and connect to it → stream id (stream capability)."),
    ]

    static var hostBuiltins: [Builtin] {
        var list = capabilityBuiltins.map { c in
            Builtin(c.name, min: c.min, max: c.max, doc: c.doc) { args, interp in
                guard let capability = interp.host.capabilities[c.name] else {
                    throw OVSMError(.user, "host: \(c.name): not granted")
                }
                try interp.checkCancel()
                return try capability(args)
            }
        }
        list.append(Builtin("async", min: 1, max: nil, doc: """
            (async f arg...) — run (f arg...) to completion now and return a handle: a \
            function of no arguments that, like (await handle), returns the call's primary \
            value or re-raises its error.
            """) { args, interp in
            let f = try Arg.callable(args[0], "async")
            let result: Result<Value, OVSMError>
            do {
                result = .success(try interp.applyMV(f, Array(args.dropFirst())).primary)
            } catch let e as OVSMError where e.category.isCatchable {
                result = .failure(e)
            }
            return .function(Function(builtin: sysAsyncHandle(result)))
        })
        list.append(Builtin("await", doc: """
            (await handle) — the value of the call started by async, or the error it raised \
            (same category). Anything but an async handle → type error.
            """, unary: { arg0, interp in
            guard case .function(let fn) = arg0, fn.name == asyncHandleName,
                  case .builtin(let b) = fn.kind else {
                throw OVSMError.type("await: expected an async handle, got \(Printer.printForm(arg0))")
            }
            return try b.body([], interp)
        }))
        return list
    }

    static let asyncHandleName = "async-handle"

    static func sysAsyncHandle(_ result: Result<Value, OVSMError>) -> Builtin {
        Builtin(asyncHandleName, arity: 0, doc: """
            (async-handle) — the result of an async call (same as await).
            """) { _, _ in
            try result.get()
        }
    }
}
