import Foundation
import Hummingbird
import INVCore
import INVModels

/// The request checks and response headers every browser-facing server of INVKit applies (Deep Reveal and
/// the study rating app, `inv study serve`): a state-changing request must come from this origin and carry
/// `X-CSRF-Token` equal to the expected token, and every response gets a strict CSP and the usual headers.
public enum WebSecurity {
    public static let csrfHeader = HTTPFields.Element.Name("X-CSRF-Token")!
    public static let forwardedForHeader = HTTPFields.Element.Name("X-Forwarded-For")!

    /// GET, HEAD and OPTIONS change nothing; every other method is checked.
    public static func changesState(_ request: Request) -> Bool { ![.get, .head, .options].contains(request.method) }

    /// A browser names the page's origin on cross-site requests; it must be this host.
    public static func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        let host = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
        guard let authority = request.head.authority, host == authority else {
            throw HTTPError(.forbidden, message: "cross-origin request refused (Origin \(origin.prefix(80)))")
        }
    }

    /// The request's `X-CSRF-Token` must equal `expected` (compared in constant time); `sessionPath` names
    /// where the client fetches its token, for the error message.
    public static func checkCSRF(_ request: Request, expected: String, sessionPath: String) throws {
        let sent = request.headers[csrfHeader] ?? ""
        guard !sent.isEmpty, !expected.isEmpty, constantTimeEqual(sent, expected) else {
            throw HTTPError(.forbidden, message: "missing or wrong X-CSRF-Token header: fetch \(sessionPath) and send its csrf value")
        }
    }

    /// No sniffing, no referrer, no framing, and a CSP that allows only this origin's files: no inline
    /// script or style, no CDN.
    public static func addHeaders(to response: inout Response) {
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPFields.Element.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPFields.Element.Name("X-Frame-Options")!] = "DENY"
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// Runs `next`, turning a thrown ``HTTPResponseError`` into its response, and adds ``addHeaders(to:)``.
    public static func respond<Context: RequestContext>(_ request: Request, _ context: Context,
                                                        _ next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        addHeaders(to: &response)
        return response
    }

    /// An `HttpOnly`, `SameSite=Strict` cookie for the whole site, `Secure` when TLS is in front.
    public static func cookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// What the database keeps of a session token: its SHA-256, hex.
    public static func tokenHash(_ token: String) -> String { SHA256.hexDigest(of: Data(token.utf8)) }

    /// Compares secrets in time independent of where they first differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The client's address: the socket's peer, or the first `X-Forwarded-For` entry behind a trusted proxy.
    public static func clientAddress(_ request: Request, peer: String?, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[forwardedForHeader]?.split(separator: ",").first {
            return String(forwarded).trimmingCharacters(in: .whitespaces)
        }
        return peer ?? "unknown"
    }
}
