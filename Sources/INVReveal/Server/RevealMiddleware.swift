import Foundation
import Hummingbird

/// Runs before every route: loads the session from its cookie, refuses a state-changing request
/// without the right CSRF token or from another origin, and adds the security headers (``WebSecurity``).
struct RevealMiddleware: RouterMiddleware {
    typealias Context = RevealContext
    let server: RevealServer

    func handle(_ request: Request, context: RevealContext, next: (Request, RevealContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[RevealServer.sessionCookie]?.value, !token.isEmpty, token.count <= 128,
           let session = try await server.store.session(tokenHash: RevealServer.tokenHash(token), now: Date()),
           let player = try await server.store.player(session.player) {
            context.session = session
            context.player = player
        }
        if WebSecurity.changesState(request) {
            try WebSecurity.checkOrigin(request)
            let expected = context.session?.csrf ?? request.cookies[RevealServer.csrfCookie]?.value ?? ""
            try WebSecurity.checkCSRF(request, expected: expected, sessionPath: "/api/session")
        }
        return try await WebSecurity.respond(request, context, next)
    }
}
