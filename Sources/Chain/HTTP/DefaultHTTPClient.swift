/// The HTTP client osvm uses unless a test injects another: plain `http://` goes through
/// `PlainHTTPClient` (every byte counted, nothing inflated), `https://` through
/// `URLSessionHTTPClient` (TLS from the system).
public struct DefaultHTTPClient: HTTPClient {
    public static let shared = DefaultHTTPClient()

    let plain = PlainHTTPClient()
    let tls = URLSessionHTTPClient.shared

    public init() {}

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error> {
        request.url.scheme?.lowercased() == "http" ? plain.stream(request) : tls.stream(request)
    }
}
