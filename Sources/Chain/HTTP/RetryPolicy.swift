import Foundation

/// The one retry rule of osvm's HTTP clients: retry an idempotent request after HTTP 429,
/// 5xx or a transient connection failure, waiting `base · 2^attempt` (±20% jitter, so
/// clients that failed together do not come back together) capped at `maxDelay`, or the
/// server's `Retry-After` when it says more. A `Retry-After` beyond `maxDelay` is honoured
/// by not retrying at all: waiting less than the server asked only earns another 429.
/// Never used for requests that change state (`sendTransaction`): a retry could repeat them.
public struct RetryPolicy: Sendable, Equatable {
    public var maxRetries: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxRetries: Int = 2, baseDelay: Double = 0.25, maxDelay: Double = 5) {
        self.maxRetries = maxRetries; self.baseDelay = baseDelay; self.maxDelay = maxDelay
    }

    public static let none = RetryPolicy(maxRetries: 0)

    /// Seconds to wait before attempt `attempt + 1`, or nil to give up. `status` is the
    /// HTTP status when there was a response; `error` the transport failure otherwise.
    public func delay(attempt: Int, status: Int?, retryAfter: String?, error: HTTPError?) -> Double? {
        guard attempt < maxRetries else { return nil }
        if let error {
            guard error.isTransient else { return nil }
        } else if let status {
            guard status == 429 || (500...599).contains(status) else { return nil }
        } else {
            return nil
        }
        let backoff = min(baseDelay * pow(2, Double(attempt)), maxDelay) * Double.random(in: 0.8...1.2)
        if let asked = retryAfter.flatMap(RetryPolicy.parseRetryAfter) {
            guard asked <= maxDelay else { return nil }
            return max(asked, backoff)
        }
        return backoff
    }

    /// `Retry-After`: delta-seconds or an HTTP date; nil when unreadable.
    public static func parseRetryAfter(_ value: String) -> Double? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if let s = Double(v), s >= 0, s.isFinite { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let d = f.date(from: v) else { return nil }
        return max(0, d.timeIntervalSinceNow)
    }
}
