/// The HTTP client osvm uses unless a test injects another: plain `http://` goes through
/// `PlainHTTPClient` (every byte counted, nothing inflated), `https://` through
/// `URLSessionHTTPClient` (TLS from the system). The URLSession (and libcurl/OpenSSL set-up)
/// is only made on the first https request.
public struct DefaultHTTPClient: HTTPClient {
    public static let shared = DefaultHTTPClient()

    public init() {}

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error> {
        TracedHTTP.stream(request, request.url.scheme?.lowercased() == "http"
            ? PlainHTTPClient().stream(request)
            : URLSessionHTTPClient.shared.stream(request))
    }
}
