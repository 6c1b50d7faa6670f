import Foundation
import OSVMSettings

/// `--debug` tracing of every HTTP exchange made through `DefaultHTTPClient` (RPC, AI, MCP):
/// method (the JSON-RPC method when the body names one), redacted URL, status, bytes, time.
/// Never headers (Authorization) or bodies.
enum TracedHTTP {
    static func stream(_ request: HTTPRequest, _ inner: AsyncThrowingStream<HTTPStreamPart, Error>) -> AsyncThrowingStream<HTTPStreamPart, Error> {
        guard DebugLog.enabled else { return inner }
        let what = "\(request.method) \(Redact.url(request.url.absoluteString))" + (rpcMethods(request.body).map { " [\($0)]" } ?? "")
        let started = Date()
        return AsyncThrowingStream { continuation in
            let task = Task {
                var status = 0, bytes = 0
                do {
                    for try await part in inner {
                        switch part {
                        case .head(let s, _): status = s
                        case .body(let d): bytes += d.count
                        }
                        continuation.yield(part)
                    }
                    DebugLog.log("http", "\(what) → \(status), \(bytes) bytes in \(DebugLog.ms(since: started)) ms")
                    continuation.finish()
                } catch {
                    DebugLog.log("http", "\(what) → failed after \(DebugLog.ms(since: started)) ms: \(error)")
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The "method" names of a JSON-RPC body (one, or a batch), read from its first 64 KB.
    static func rpcMethods(_ body: Data?) -> String? {
        guard let body, let text = String(data: body.prefix(65536), encoding: .utf8) else { return nil }
        var names: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "\"method\":\"") {
            let after = rest[r.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            names.append(String(after[..<end].prefix(64)))
            rest = after[end...]
        }
        return names.isEmpty ? nil : names.joined(separator: ",")
    }
}
