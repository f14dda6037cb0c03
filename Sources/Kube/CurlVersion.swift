import CCurlShim

/// The libcurl this binary runs with (`rollscope version`).
public enum CurlVersion {
    /// libcurl's version, e.g. `7.88.1`.
    public static var library: String { String(cString: rs_curl_version()) }
    /// The TLS library libcurl was built with, e.g. `OpenSSL/3.0.15`; empty when none.
    public static var tls: String { String(cString: rs_curl_ssl_version()) }
    /// Whether libcurl speaks HTTP/2 (built with nghttp2, as Debian's and most distributions' are).
    public static let http2: Bool = rs_curl_has_http2() != 0
}
