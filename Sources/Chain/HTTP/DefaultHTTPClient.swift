/// The HTTP client osvm uses unless a test injects another: `PlainHTTPClient`, our own
/// HTTP/1.1 over a socket, with OpenSSL's TLS for `https://` (see `Connection`).
public struct DefaultHTTPClient: HTTPClient {
    public static let shared = DefaultHTTPClient()

    public init() {}

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error> {
        TracedHTTP.stream(request, PlainHTTPClient().stream(request))
    }
}
