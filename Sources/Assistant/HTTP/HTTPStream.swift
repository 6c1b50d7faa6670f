import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One streamed HTTP exchange: the response head, then body chunks as they arrive.
/// `URLSession.bytes(for:)` does not exist on Linux, so a data delegate feeds an
/// `AsyncThrowingStream` (the pattern in DEPENDENCIES.md). Cancelling the consuming task
/// (or dropping the stream) cancels the request.
///
///     for try await part in HTTPStream.start(request) {
///         switch part { case .head(let r): …; case .body(let d): … }
///     }
public enum HTTPStream {
    public enum Part: Sendable {
        case head(status: Int, headers: [String: String])
        case body(Data)
    }

    /// Starts `request`; `idleTimeout` bounds the wait for each next chunk (URLSession's
    /// own request timeout).
    public static func start(_ request: URLRequest, idleTimeout: Double = 60) -> AsyncThrowingStream<Part, Error> {
        var request = request
        request.timeoutInterval = idleTimeout
        let (stream, continuation) = AsyncThrowingStream<Part, Error>.makeStream(bufferingPolicy: .unbounded)
        let delegate = StreamDelegate(continuation)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = idleTimeout
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: config, delegate: delegate, delegateQueue: nil)
        let task = session.dataTask(with: request)
        continuation.onTermination = { _ in
            task.cancel()
            session.finishTasksAndInvalidate()
        }
        task.resume()
        return stream
    }

    /// Lower-cased header names → values.
    static func headers(of response: HTTPURLResponse) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in response.allHeaderFields {
            if let k = k as? String, let v = v as? String { out[k.lowercased()] = v }
        }
        return out
    }
}

private final class StreamDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let continuation: AsyncThrowingStream<HTTPStream.Part, Error>.Continuation

    init(_ continuation: AsyncThrowingStream<HTTPStream.Part, Error>.Continuation) {
        self.continuation = continuation
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse {
            continuation.yield(.head(status: http.statusCode, headers: HTTPStream.headers(of: http)))
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        continuation.yield(.body(data))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        continuation.finish(throwing: error)
    }
}
