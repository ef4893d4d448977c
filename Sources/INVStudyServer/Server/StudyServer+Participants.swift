import Foundation
import Hummingbird
import INVCore
import INVReveal

/// Entering (by `?pid=` or a generated code), resuming, consent.
extension StudyServer {
    func addParticipantRoutes(to router: Router<StudyContext>) {
        router.get("/api/session") { request, context in try await self.sessionInfo(request, context) }
        router.post("/api/enter") { request, context in try await self.enter(request, context) }
        router.get("/api/state") { request, context in
            let participant = try Self.requireParticipant(context)
            return try WebResponses.json(try await self.state(of: participant))
        }
        router.post("/api/consent") { request, context in try await self.consent(request, context) }
    }

    /// The CSRF token for the next state-changing request, and where the participant is if the session
    /// has one. Before entry the token lives in the `st_csrf` cookie (set here when missing).
    func sessionInfo(_ request: Request, _ context: StudyContext) async throws -> Response {
        if let participant = context.participant, let csrf = context.csrf {
            return try WebResponses.json(StudyViews.SessionView(csrf: csrf, state: try await state(of: participant)))
        }
        let existing = request.cookies[Self.csrfCookie]?.value
        let csrf = existing.flatMap { $0.count == 43 ? $0 : nil } ?? RandomToken.make()
        var response = try WebResponses.json(StudyViews.SessionView(csrf: csrf, state: nil))
        if csrf != existing { response.setCookie(cookie(Self.csrfCookie, csrf, maxAge: 86_400)) }
        return response
    }

    /// Finds or admits the participant and starts a fresh session (any session the request came with is
    /// deleted, so a planted session id is never the one that enters). 201 for a new participant, 200 on
    /// resume, 409 when every participant block of the design is taken.
    func enter(_ request: Request, _ context: StudyContext) async throws -> Response {
        let key = "enter:\(WebSecurity.clientAddress(request, peer: context.peerAddress, trustForwardedFor: settings.trustForwardedFor))"
        if let wait = entryLimiter.retryAfter(key) {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(Int(wait.rounded(.up)))],
                            message: "too many entries from this address; try again in \(Int(wait.rounded(.up))) s")
        }
        entryLimiter.record(key)
        let body = try await WebResponses.decode(StudyViews.EnterRequest.self, request, context)
        let (pid, language) = try Self.validated {
            (try body.pid.map(AnswerValidation.participantID), try AnswerValidation.language(body.language))
        }
        guard let entry = try await store.enter(externalID: pid ?? "S" + Self.readableCode(), language: language,
                                                capacity: study.participants, now: now()) else {
            throw HTTPError(.conflict, message: "the study is full: all \(study.participants) participant places of its design are taken")
        }
        if let old = context.sessionHash { try await store.deleteSession(tokenHash: old) }
        let token = RandomToken.make(), csrf = RandomToken.make()
        let maxAge = Int(settings.sessionDays * 86_400)
        try await store.createSession(tokenHash: WebSecurity.tokenHash(token), participant: entry.participant.id, csrf: csrf,
                                      expires: now().addingTimeInterval(TimeInterval(maxAge)))
        var response = try WebResponses.json(StudyViews.SessionView(csrf: csrf, state: try await state(of: entry.participant)),
                                             status: entry.new ? .created : .ok)
        response.setCookie(cookie(Self.sessionCookie, token, maxAge: maxAge))
        response.setCookie(cookie(Self.csrfCookie, csrf, maxAge: maxAge))
        return response
    }

    func consent(_ request: Request, _ context: StudyContext) async throws -> Response {
        let participant = try Self.requireParticipant(context)
        let body = try await WebResponses.decode(StudyViews.ConsentRequest.self, request, context)
        let language = try Self.validated { try AnswerValidation.language(body.language) }
        guard body.agree else { throw HTTPError(.badRequest, message: "agree: the study can only start with consent (true)") }
        try await store.consent(participant: participant.id, language: language, now: now())
        guard let updated = try await store.participant(id: participant.id) else { throw HTTPError(.notFound, message: "no such participant") }
        return try WebResponses.json(try await state(of: updated))
    }
}
