import Foundation
import Hummingbird
import HummingbirdTesting
import INVReveal

/// A test browser for the Deep Reveal and study servers: keeps the cookies the server sets (and drops
/// those it expires), remembers the CSRF token any reply hands out and sends it back on every request.
public final class TestBrowser: @unchecked Sendable {
    public var cookies: [String: String] = [:]
    public var csrf = ""
    public let client: any TestClientProtocol

    public init(_ client: any TestClientProtocol) { self.client = client }

    public struct Reply {
        public var status: HTTPResponse.Status
        public var headers: HTTPFields
        public var body: Data
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// Hummingbird's error body: `{"error": {"message": …}}`.
        public var message: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
        public func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
    }

    /// One request; `json` is sent as the body, `csrf: false` leaves the CSRF header out.
    @discardableResult
    public func send(_ method: HTTPRequest.Method, _ uri: String, json: Any? = nil, csrf sendCSRF: Bool = true,
                     headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if sendCSRF, !csrf.isEmpty { headers[WebSecurity.csrfHeader] = csrf }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let parts = (field.split(separator: ";").first ?? "").split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first else { continue }
            let value = parts.count == 2 ? parts[1] : ""
            if value.isEmpty || field.contains("Max-Age=0") { cookies.removeValue(forKey: name) } else { cookies[name] = value }
        }
        let reply = Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
        if let token = reply.json["csrf"] as? String { csrf = token }
        return reply
    }
}
