import Foundation
import Hummingbird

/// Accounts (thesis §3.4.2, "Accounts"): register, log in, play as a guest, log out, reset a
/// forgotten password by a single-use, expiring token sent through the ``Mailer``.
extension RevealServer {
    func addAccountRoutes(to router: Router<RevealContext>) {
        router.get("/api/session") { request, context in try self.sessionInfo(request, context) }
        router.post("/api/register") { request, context in try await self.register(request, context) }
        router.post("/api/login") { request, context in try await self.login(request, context) }
        router.post("/api/guest") { request, context in try await self.startSession(for: try await self.store.createPlayer(.guest), replacing: context) }
        router.post("/api/logout") { request, context in try await self.logout(context) }
        router.post("/api/password/forgot") { request, context in try await self.forgotPassword(request, context) }
        router.post("/api/password/reset") { request, context in try await self.resetPassword(request, context) }
        router.get("/api/me") { request, context in try Self.json(RevealViews.PlayerView(try Self.requirePlayer(context))) }
        router.get("/api/leaderboard") { request, context in try Self.json(try await self.store.leaderboard(limit: 50)) }
    }

    static func requirePlayer(_ context: RevealContext) throws -> Player {
        guard let player = context.player else { throw error(.unauthorized, "log in or play as a guest first") }
        return player
    }

    /// The CSRF token to send with the next state-changing request, and the player if logged in.
    /// Before login the token lives in the `rv_csrf` cookie (set here when missing).
    func sessionInfo(_ request: Request, _ context: RevealContext) throws -> Response {
        if let session = context.session {
            return try Self.json(RevealViews.SessionView(csrf: session.csrf, player: context.player.map(RevealViews.PlayerView.init)))
        }
        let existing = request.cookies[Self.csrfCookie]?.value
        let csrf = existing.flatMap { $0.count == 43 ? $0 : nil } ?? RandomToken.make()
        var response = try Self.json(RevealViews.SessionView(csrf: csrf, player: nil))
        if csrf != existing { response.setCookie(cookie(Self.csrfCookie, csrf, maxAge: 86_400)) }
        return response
    }

    /// A fresh session for `player`; any session the request came with is deleted, so a session id
    /// planted before login is never the one that logs in.
    func startSession(for player: Player, replacing context: RevealContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        if let old = context.session { try await store.deleteSession(tokenHash: old.tokenHash) }
        let token = RandomToken.make(), csrf = RandomToken.make()
        let maxAge = Int(config.sessionDays * 86_400)
        try await store.createSession(SessionRecord(tokenHash: Self.tokenHash(token), player: player.id, csrf: csrf,
                                                    expires: Date().addingTimeInterval(TimeInterval(maxAge))))
        var response = try Self.json(RevealViews.SessionView(csrf: csrf, player: RevealViews.PlayerView(player)), status: status)
        response.setCookie(cookie(Self.sessionCookie, token, maxAge: maxAge))
        response.setCookie(cookie(Self.csrfCookie, csrf, maxAge: maxAge))
        return response
    }

    func register(_ request: Request, _ context: RevealContext) async throws -> Response {
        let key = "register:\(clientAddress(request, context))"
        if let wait = registrationLimiter.retryAfter(key) { throw tooMany(wait) }
        registrationLimiter.record(key)
        let body = try await Self.decode(RevealViews.RegisterRequest.self, request, context)
        let (username, email, password) = try Self.validated {
            (try InputValidation.username(body.username), try InputValidation.email(body.email), try InputValidation.password(body.password))
        }
        let hash = await Self.hashPassword(password, cost: config.bcryptCost)
        do {
            let player = try await store.createPlayer(NewPlayer(username: username, email: email, passwordHash: hash))
            return try await startSession(for: player, replacing: context, status: .created)
        } catch GameStoreError.usernameTaken {
            throw Self.error(.conflict, "username: already taken")
        }
    }

    func login(_ request: Request, _ context: RevealContext) async throws -> Response {
        let body = try await Self.decode(RevealViews.LoginRequest.self, request, context)
        let keys = ["login:ip:\(clientAddress(request, context))", "login:user:\(body.username.lowercased().prefix(64))"]
        if let wait = keys.compactMap({ loginLimiter.retryAfter($0) }).max() { throw tooMany(wait) }
        let found = body.username.count <= 64 && body.password.count <= InputValidation.passwordLength.upperBound
            ? try await store.credentials(username: body.username) : nil
        let valid = await Self.verifyPassword(String(body.password.prefix(InputValidation.passwordLength.upperBound)), hash: found?.passwordHash ?? decoyHash)
        guard let found, valid else {
            keys.forEach { loginLimiter.record($0) }
            throw Self.error(.unauthorized, "wrong username or password")
        }
        return try await startSession(for: found.player, replacing: context)
    }

    func logout(_ context: RevealContext) async throws -> Response {
        if let session = context.session { try await store.deleteSession(tokenHash: session.tokenHash) }
        let csrf = RandomToken.make()
        var response = try Self.json(RevealViews.SessionView(csrf: csrf, player: nil))
        response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
        response.setCookie(cookie(Self.csrfCookie, csrf, maxAge: 86_400))
        return response
    }

    /// Always 202, whether or not the address is registered (no account enumeration).
    func forgotPassword(_ request: Request, _ context: RevealContext) async throws -> Response {
        let key = "forgot:\(clientAddress(request, context))"
        if let wait = registrationLimiter.retryAfter(key) { throw tooMany(wait) }
        registrationLimiter.record(key)
        let body = try await Self.decode(RevealViews.ForgotRequest.self, request, context)
        let email = try Self.validated { try InputValidation.email(body.email) }
        if let player = try await store.playerID(email: email) {
            let token = RandomToken.make()
            let expires = Date().addingTimeInterval(config.resetTokenMinutes * 60)
            try await store.createResetToken(hash: Self.tokenHash(token), player: player, expires: expires)
            let link = config.publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/#reset=" + token
            let mail = Mail(to: email, subject: "Deep Reveal: reset your password",
                            body: "Open this link within \(Int(config.resetTokenMinutes)) minutes to choose a new password "
                                + "(it works once):\n\(link)\n\nIf you did not ask for it, ignore this mail.", date: Date())
            // A failed delivery is the operator's to fix; the answer stays the same (no account enumeration).
            do { try await mailer.send(mail) } catch { context.logger.error("password-reset mail to \(email) not sent: \(error)") }
        }
        return try Self.json(["status": "sent if the address is registered"], status: .accepted)
    }

    func resetPassword(_ request: Request, _ context: RevealContext) async throws -> Response {
        let body = try await Self.decode(RevealViews.ResetRequest.self, request, context)
        let password = try Self.validated { try InputValidation.password(body.password) }
        guard body.token.count <= 64, let player = try await store.consumeResetToken(hash: Self.tokenHash(body.token), now: Date()) else {
            throw Self.error(.badRequest, "token: unknown, already used or expired; ask for a new reset mail")
        }
        try await store.setPasswordHash(player: player, hash: await Self.hashPassword(password, cost: config.bcryptCost))
        try await store.deleteSessions(player: player)
        return try Self.json(["status": "password changed; log in with it"])
    }

    func tooMany(_ wait: TimeInterval) -> HTTPError {
        HTTPError(.tooManyRequests, headers: [.retryAfter: String(Int(wait.rounded(.up)))],
                  message: "too many attempts; try again in \(Int(wait.rounded(.up))) s")
    }
}
