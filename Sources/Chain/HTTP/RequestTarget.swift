import Foundation

/// What goes on the request line and in the credentials header for a URL.
///
/// `URL.path` is not usable for the request line: Foundation strips a trailing `/`
/// (`http://h/rpc/` → `/rpc`, which many RPC gateways answer with 404 or a redirect) and
/// percent-decodes (`%2F` would become a path separator). The percent-encoded path is sent
/// exactly as the user wrote it.
enum RequestTarget {
    /// `/path?query` exactly as written in `url`, `/` when the path is empty.
    static func of(_ url: URL) -> String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var target = components?.percentEncodedPath ?? url.path
        if target.isEmpty { target = "/" }
        if let q = components?.percentEncodedQuery { target += "?" + q }
        return target
    }

    /// `Basic base64(user:password)` for `http://user:pass@host/…` (RFC 7617), nil without
    /// a user. The parts are percent-decoded first: `p%40ss` is the password `p@ss`.
    static func basicAuthorization(_ url: URL) -> String? {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        guard let user = components?.user, !user.isEmpty else { return nil }
        let password = components?.password ?? ""
        return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}
