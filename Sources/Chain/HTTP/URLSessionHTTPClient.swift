import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `HTTPClient`: one URLSession whose delegate routes each task's events to the
/// stream that asked for it. The delegate (not a completion handler) is what lets the
/// transport count body bytes as they arrive — after URLSession's transparent gzip
/// decoding — and stop a transfer the moment it passes the limit, instead of finding a
/// 2 GB decompressed buffer at the end.
public final class URLSessionHTTPClient: HTTPClient, Sendable {
    /// Shared by every caller that needs no special session settings (keeps connections).
    public static let shared = URLSessionHTTPClient()

    private let session: URLSession
    private let router: TaskRouter

    public init(maxRedirects: Int = 5) {
        router = TaskRouter(maxRedirects: maxRedirects)
        let cfg = URLSessionConfiguration.ephemeral
        cfg.requestCachePolicy = .reloadIgnoringLocalCacheData
        cfg.httpShouldSetCookies = false
        cfg.httpMaximumConnectionsPerHost = 4
        // Per-request limits come from HTTPRequest; these only must not be lower.
        cfg.timeoutIntervalForRequest = 3600
        cfg.timeoutIntervalForResource = 7 * 24 * 3600
        session = URLSession(configuration: cfg, delegate: router, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPStreamPart, Error>.makeStream(bufferingPolicy: .unbounded)
        if let problem = request.urlProblem {
            continuation.finish(throwing: problem)
            return stream
        }
        var req = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData,
                             timeoutInterval: request.idleTimeout)
        req.httpMethod = request.method
        req.httpBody = request.body
        for (k, v) in request.headers { req.setValue(v, forHTTPHeaderField: k) }
        if request.headers["User-Agent"] == nil { req.setValue("osvm/0.1", forHTTPHeaderField: "User-Agent") }
        // URLSession (libcurl) inflates gzip on its own thread and queues the result for the
        // delegate without back-pressure: a 2 MB gzip bomb was 2 GB in memory before the
        // first byte could be counted. So bodies come uncompressed, and a compressed body
        // nobody asked for is refused at its head (see `TaskSink.head`).
        req.setValue("identity", forHTTPHeaderField: "Accept-Encoding")

        let task = session.dataTask(with: req)
        let sink = TaskSink(continuation, endpoint: request.endpoint, limit: request.maxResponseBytes,
                            timeout: request.deadline ?? request.idleTimeout)
        router.register(task.taskIdentifier, sink)
        let router = self.router
        let id = task.taskIdentifier
        continuation.onTermination = { _ in
            task.cancel()
            router.remove(id)
        }
        if let deadline = request.deadline {
            // A hard deadline for the whole exchange: the idle timer never fires on a drip.
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline) {
                if sink.fail(.timedOut(seconds: deadline)) { task.cancel() }
            }
        }
        task.resume()
        return stream
    }
}

/// Routes delegate callbacks to the sink of their task.
private final class TaskRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var sinks: [Int: TaskSink] = [:]
    let maxRedirects: Int

    init(maxRedirects: Int) { self.maxRedirects = maxRedirects }

    func register(_ id: Int, _ sink: TaskSink) { lock.withLock { sinks[id] = sink } }
    func remove(_ id: Int) { lock.withLock { _ = sinks.removeValue(forKey: id) } }
    func sink(_ id: Int) -> TaskSink? { lock.withLock { sinks[id] } }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let sink = sink(dataTask.taskIdentifier), let http = response as? HTTPURLResponse else {
            completionHandler(.cancel)
            return
        }
        completionHandler(sink.head(http) ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let sink = sink(dataTask.taskIdentifier) else { dataTask.cancel(); return }
        if !sink.body(data) { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        guard let sink = sink(task.taskIdentifier), sink.redirected(max: maxRedirects) else {
            task.cancel()
            completionHandler(nil)
            return
        }
        completionHandler(request)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let sink = lock.withLock { sinks.removeValue(forKey: task.taskIdentifier) }
        sink?.complete(error)
    }
}

/// One exchange's state: bytes so far, whether it ended. Every way of ending goes through
/// `finish` once, so a deadline racing a completion cannot finish the stream twice.
private final class TaskSink: @unchecked Sendable {
    private let lock = NSLock()
    private let continuation: AsyncThrowingStream<HTTPStreamPart, Error>.Continuation
    private let endpoint: String
    private let limit: Int
    private let timeout: Double
    private var received = 0
    private var redirects = 0
    private var sawHead = false
    private var done = false

    init(_ c: AsyncThrowingStream<HTTPStreamPart, Error>.Continuation, endpoint: String, limit: Int, timeout: Double) {
        continuation = c; self.endpoint = endpoint; self.limit = limit; self.timeout = timeout
    }

    /// Returns false when the transfer must stop (already over, or announced too large).
    func head(_ r: HTTPURLResponse) -> Bool {
        var headers: [String: String] = [:]
        for (k, v) in r.allHeaderFields {
            if let k = k as? String, let v = v as? String { headers[k.lowercased()] = v }
        }
        if let enc = headers["content-encoding"]?.lowercased(), !enc.isEmpty, enc != "identity" {
            _ = fail(.badResponse("compressed body (Content-Encoding: \(TerminalText.line(String(enc.prefix(20))))) although none was accepted"))
            return false
        }
        // A declared length over the limit fails before a byte is read.
        if let n = headers["content-length"].flatMap(Int.init), n > limit {
            _ = fail(.tooLarge(limit: limit))
            return false
        }
        return lock.withLock { () -> Bool in
            guard !done else { return false }
            sawHead = true
            continuation.yield(.head(status: r.statusCode, headers: headers))
            return true
        }
    }

    func body(_ d: Data) -> Bool {
        let over = lock.withLock { () -> Bool? in
            guard !done else { return nil }
            received += d.count
            if received > limit { return true }
            continuation.yield(.body(d))
            return false
        }
        switch over {
        case nil: return false
        case true?: _ = fail(.tooLarge(limit: limit)); return false
        case false?: return true
        }
    }

    func redirected(max: Int) -> Bool {
        let n = lock.withLock { redirects += 1; return redirects }
        if n > max { _ = fail(.tooManyRedirects); return false }
        return true
    }

    func complete(_ error: Error?) {
        if let error {
            let seen = lock.withLock { sawHead }
            _ = fail(HTTPError.from(error, endpoint: endpoint, timeout: timeout, receivedHead: seen))
        } else {
            let first = lock.withLock { () -> Bool in let f = !done; done = true; return f }
            if first { continuation.finish() }
        }
    }

    /// Ends the stream with `e` unless it already ended; returns whether this call did it.
    @discardableResult
    func fail(_ e: HTTPError) -> Bool {
        let first = lock.withLock { () -> Bool in let f = !done; done = true; return f }
        if first { continuation.finish(throwing: e) }
        return first
    }
}
