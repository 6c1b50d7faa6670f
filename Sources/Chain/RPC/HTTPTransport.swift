import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP POST of a JSON body, async or blocking, with a hard deadline.
/// Outcomes: a response (status, body) or an `RPCError.Kind` (`timeout`/`transport`).
public final class HTTPTransport: Sendable {
    public let url: URL
    public let timeout: Double
    let session: URLSession

    public init(url: URL, timeout: Double = 30) {
        self.url = url
        self.timeout = timeout
        let cfg = URLSessionConfiguration.ephemeral
        cfg.timeoutIntervalForRequest = timeout
        cfg.timeoutIntervalForResource = timeout
        cfg.requestCachePolicy = .reloadIgnoringLocalCacheData
        cfg.httpShouldSetCookies = false
        cfg.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: cfg)
    }

    deinit { session.finishTasksAndInvalidate() }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
        public init(status: Int, headers: [String: String] = [:], body: Data) {
            self.status = status; self.headers = headers; self.body = body
        }
    }

    func request(_ body: Data) -> URLRequest {
        var req = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        req.httpMethod = "POST"
        req.httpBody = body
        req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        req.setValue("application/json", forHTTPHeaderField: "Accept")
        req.setValue("osvm/0.1", forHTTPHeaderField: "User-Agent")
        return req
    }

    /// Blocking POST (safe on any non-cooperative thread: completion runs on the
    /// session's own queue). Never waits longer than `timeout` + 1 s.
    public func postSync(_ body: Data) -> Result<Response, RPCError.Kind> {
        let box = ResultBox()
        let sem = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request(body)) { data, response, error in
            box.set(HTTPTransport.outcome(data, response, error, self.timeout))
            sem.signal()
        }
        task.resume()
        if sem.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            return .failure(.timeout(timeout))
        }
        return box.get() ?? .failure(.transport("no response"))
    }

    /// Async POST with a hard deadline; cancellation cancels the HTTP task.
    public func post(_ body: Data) async -> Result<Response, RPCError.Kind> {
        let holder = TaskHolder()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<Result<Response, RPCError.Kind>, Never>) in
                let once = OnceResume(cont)
                let task = session.dataTask(with: request(body)) { data, response, error in
                    once.resume(HTTPTransport.outcome(data, response, error, self.timeout))
                }
                holder.set(task)
                task.resume()
                // Hard deadline, in case the idle timer does not fire (slow drip).
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout + 1) { [timeout] in
                    if once.resume(.failure(.timeout(timeout))) { task.cancel() }
                }
            }
        } onCancel: {
            holder.cancel()
        }
    }

    static func outcome(_ data: Data?, _ response: URLResponse?, _ error: (any Error)?, _ timeout: Double) -> Result<Response, RPCError.Kind> {
        if let error {
            let ns = error as NSError
            if ns.domain == NSURLErrorDomain {
                switch ns.code {
                case NSURLErrorTimedOut: return .failure(.timeout(timeout))
                case NSURLErrorCancelled: return .failure(.transport("cancelled"))
                case NSURLErrorCannotConnectToHost: return .failure(.transport("connection refused"))
                case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return .failure(.transport("cannot resolve host"))
                case NSURLErrorNetworkConnectionLost: return .failure(.transport("connection lost"))
                case NSURLErrorNotConnectedToInternet: return .failure(.transport("not connected to the network"))
                case NSURLErrorBadServerResponse: return .failure(.transport("bad server response"))
                default: break
                }
            }
            return .failure(.transport(ns.localizedDescription))
        }
        guard let http = response as? HTTPURLResponse else { return .failure(.transport("not an HTTP response")) }
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields {
            if let k = k as? String, let v = v as? String { headers[k.lowercased()] = v }
        }
        return .success(Response(status: http.statusCode, headers: headers, body: data ?? Data()))
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<HTTPTransport.Response, RPCError.Kind>?
    func set(_ v: Result<HTTPTransport.Response, RPCError.Kind>) { lock.lock(); value = v; lock.unlock() }
    func get() -> Result<HTTPTransport.Response, RPCError.Kind>? { lock.lock(); defer { lock.unlock() }; return value }
}

private final class OnceResume: @unchecked Sendable {
    private let lock = NSLock()
    private var cont: CheckedContinuation<Result<HTTPTransport.Response, RPCError.Kind>, Never>?
    init(_ c: CheckedContinuation<Result<HTTPTransport.Response, RPCError.Kind>, Never>) { cont = c }
    /// Resumes once; returns whether this call did it.
    @discardableResult func resume(_ v: Result<HTTPTransport.Response, RPCError.Kind>) -> Bool {
        lock.lock()
        let c = cont
        cont = nil
        lock.unlock()
        c?.resume(returning: v)
        return c != nil
    }
}

private final class TaskHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false
    func set(_ t: URLSessionDataTask) {
        lock.lock(); task = t; let c = cancelled; lock.unlock()
        if c { t.cancel() }
    }
    func cancel() { lock.lock(); cancelled = true; let t = task; lock.unlock(); t?.cancel() }
}
