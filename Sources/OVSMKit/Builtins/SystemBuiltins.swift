/// The system builtin group: output, format, JSON, encodings and digests, time, errors,
/// Solana RPC (§13) and host capabilities (§17.3).
extension Builtins {
    static var system: [Builtin] {
        outputBuiltins + encodingBuiltins + rpcBuiltins + hostBuiltins
    }
}
