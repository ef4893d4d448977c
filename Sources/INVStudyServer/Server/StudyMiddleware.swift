import Foundation
import Hummingbird
import INVReveal

/// Runs before every route: loads the participant from the session cookie, applies Deep Reveal's
/// checks (``WebSecurity``: same origin and `X-CSRF-Token` on every state-changing request) and adds
/// its security headers.
struct StudyMiddleware: RouterMiddleware {
    typealias Context = StudyContext
    let server: StudyServer

    func handle(_ request: Request, context: StudyContext, next: (Request, StudyContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[StudyServer.sessionCookie]?.value, !token.isEmpty, token.count <= 128 {
            let hash = WebSecurity.tokenHash(token)
            if let session = try await server.store.session(tokenHash: hash, now: server.now()) {
                context.participant = session.participant
                context.csrf = session.csrf
                context.sessionHash = hash
            }
        }
        if WebSecurity.changesState(request) {
            try WebSecurity.checkOrigin(request)
            let expected = context.csrf ?? request.cookies[StudyServer.csrfCookie]?.value ?? ""
            try WebSecurity.checkCSRF(request, expected: expected, sessionPath: "/api/session")
        }
        return try await WebSecurity.respond(request, context, next)
    }
}
