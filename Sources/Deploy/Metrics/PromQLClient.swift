import Chain
import Foundation
import OVSMKit

/// Reads node state from Prometheus' HTTP API (`/api/v1/query`, `/api/v1/query_range`)
/// through osvm's one HTTP transport (limits, deadlines, plain errors).
public struct PromQLClient: Sendable {
    public struct Sample: Sendable, Equatable {
        public var labels: [String: String]
        public var value: Double
    }
    public struct Series: Sendable, Equatable {
        public var labels: [String: String]
        public var points: [(time: Double, value: Double)]
        public static func == (a: Series, b: Series) -> Bool {
            a.labels == b.labels && a.points.map(\.time) == b.points.map(\.time) && a.points.map(\.value) == b.points.map(\.value)
        }
    }

    public let base: URL
    public var timeout: Double
    private let http: any HTTPClient

    public init(url: String, timeout: Double = 10, http: any HTTPClient = DefaultHTTPClient.shared) throws {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https", u.host != nil else {
            throw DeployError.local("invalid Prometheus URL '\(url)' (expected http(s)://host:9090)")
        }
        base = u
        self.timeout = timeout
        self.http = http
    }

    /// An instant query: one sample per series.
    public func query(_ expr: String) async throws -> [Sample] {
        let data = try await get("/api/v1/query", ["query": expr])
        guard case .string("vector") = Self.field(data, "resultType") ?? .null, case .array(let items) = Self.field(data, "result") ?? .null else {
            throw DeployError.local("Prometheus: unexpected answer to an instant query (not a vector)")
        }
        return try items.map { item in
            guard case .array(let v) = Self.field(item, "value") ?? .null, v.count == 2 else { throw Self.shape() }
            return Sample(labels: Self.labels(Self.field(item, "metric")), value: try Self.number(v[1]))
        }
    }

    /// A range query (sparklines): points every `step` seconds from `start` to `end`.
    public func queryRange(_ expr: String, start: Date, end: Date, step: Double) async throws -> [Series] {
        let data = try await get("/api/v1/query_range", ["query": expr, "start": String(start.timeIntervalSince1970),
                                                          "end": String(end.timeIntervalSince1970), "step": String(step)])
        guard case .array(let items) = Self.field(data, "result") ?? .null else { throw Self.shape() }
        return try items.map { item in
            guard case .array(let values) = Self.field(item, "values") ?? .null else { throw Self.shape() }
            let points = try values.map { p -> (time: Double, value: Double) in
                guard case .array(let pair) = p, pair.count == 2 else { throw Self.shape() }
                return (try Self.number(pair[0]), try Self.number(pair[1]))
            }
            return Series(labels: Self.labels(Self.field(item, "metric")), points: points)
        }
    }

    private func get(_ path: String, _ params: [String: String]) async throws -> Value {
        var c = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        c.queryItems = params.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        guard let url = c.url else { throw DeployError.local("invalid Prometheus query") }
        let response: HTTPResponse
        do {
            response = try await http.send(HTTPRequest(url: url, method: "GET", idleTimeout: timeout, deadline: timeout,
                                                       maxResponseBytes: 16 << 20))
        } catch {
            throw DeployError.local("Prometheus at \(base.absoluteString): \(error)")
        }
        let text = String(decoding: response.body, as: UTF8.self)
        guard let v = try? JSON.parse(text), case .object = v else {
            throw DeployError.local("Prometheus at \(base.absoluteString): HTTP \(response.status), not a Prometheus API answer")
        }
        if case .string(let status) = Self.field(v, "status") ?? .null, status != "success" {
            let why: String
            if case .string(let e) = Self.field(v, "error") ?? .null { why = e } else { why = "error" }
            throw DeployError.local("Prometheus: \(TerminalText.line(why))")
        }
        guard let data = Self.field(v, "data"), case .object = data else { throw Self.shape() }
        return data
    }

    static func field(_ v: Value, _ key: String) -> Value? {
        if case .object(let o) = v { return o[key] }
        return nil
    }

    static func labels(_ v: Value?) -> [String: String] {
        guard let v, case .object(let o) = v else { return [:] }
        var out: [String: String] = [:]
        for (k, val) in o { if case .string(let s) = val { out[k] = s } }
        return out
    }

    static func number(_ v: Value) throws -> Double {
        switch v {
        case .string(let s):
            switch s {
            case "NaN": return .nan
            case "+Inf": return .infinity
            case "-Inf": return -.infinity
            default: if let d = Double(s) { return d }
            }
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: break
        }
        throw shape()
    }

    static func shape() -> DeployError { DeployError.local("Prometheus: unexpected answer shape") }
}
