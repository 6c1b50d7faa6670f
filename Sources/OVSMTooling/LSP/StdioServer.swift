/// Runs a `LanguageServer` over a byte stream (stdin/stdout for `osvm ovsm lsp`): reads
/// framed messages, writes framed replies, stops at `exit` or at the end of input.
extension LanguageServer {
    /// `read` returns the next chunk of input, or nil at its end. Returns the exit status:
    /// 0 after shutdown + exit, 1 when the input ends or `exit` comes without `shutdown`.
    public func serve(read: () -> [UInt8]?, write: ([UInt8]) -> Void) -> Int32 {
        var framing = MessageFraming()
        while let chunk = read() {
            framing.append(chunk)
            while let body = framing.next() {
                for reply in handle(json: String(decoding: body, as: UTF8.self)) {
                    write(MessageFraming.frame(reply))
                }
                if let code = exitCode { return code }
            }
        }
        return 1
    }
}
