import Foundation
import Hummingbird
import INVCore
import INVModels
import INVReveal
import INVStudy

/// The rating app of a built study (`inv study serve`, issue 10), on Deep Reveal's server pieces:
/// Hummingbird 2, the WAL-mode SQLite opener, cookie sessions whose tokens are kept only as SHA-256,
/// the CSRF/origin checks, security headers and rate limiter of ``WebSecurity`` and ``RateLimiter``.
///
/// Participants enter by a link with `?pid=` (Prolific, MTurk) or get a generated code; each new one
/// takes the next participant block of design.csv in arrival order, and when all are taken entry is
/// refused (409: the design is pre-registered, so it is not extended). Entering again with the same id
/// resumes (a finished participant sees the completion page). Answers are stored one transaction each.
public final class StudyServer: Sendable {
    /// Settings beside the study: how cookies and addresses are handled, the entry rate limit.
    public struct Settings: Sendable {
        /// Mark cookies `Secure` (TLS in front of the server).
        public var secureCookies = false
        /// Take the client address from `X-Forwarded-For` (a trusted proxy in front).
        public var trustForwardedFor = false
        public var sessionDays = 30.0
        /// At most this many entries per client address within `entryWindowSeconds`.
        public var entryLimit = 60
        public var entryWindowSeconds: TimeInterval = 600
        /// How much longer than the server saw a trial open a client's response time may be (clock granularity, latency).
        public var secondsTolerance = 2.0

        public init() {}
    }

    public let study: BuiltStudy
    public let store: StudyStore
    public let settings: Settings
    /// The server's clock (a test advances its own).
    public let now: @Sendable () -> Date
    let entryLimiter: RateLimiter
    /// The stimulus files a participant may fetch (relative paths from conditions.csv).
    let panels: Set<String>

    static let sessionCookie = "st_session"
    static let csrfCookie = "st_csrf"

    public init(study: BuiltStudy, store: StudyStore, settings: Settings = Settings(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.study = study
        self.store = store
        self.settings = settings
        self.now = now
        entryLimiter = RateLimiter(limit: settings.entryLimit, window: settings.entryWindowSeconds)
        panels = Set(study.conditions.values.flatMap { $0.values.map(\.panel) })
    }

    /// The SHA-256 of a study's design.csv: what ties a database to its study.
    public static func designHash(_ study: BuiltStudy) throws -> String {
        SHA256.hexDigest(of: try Data(contentsOf: study.layout.design))
    }

    /// The application serving ``router()`` on `host:port`.
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "INVKit study"))
    }

    /// Every route: the client files, the participant API and the stimuli.
    public func router() -> Router<StudyContext> {
        let router = Router(context: StudyContext.self)
        router.add(middleware: StudyMiddleware(server: self))
        addClientRoutes(to: router)
        addParticipantRoutes(to: router)
        addTrialRoutes(to: router)
        return router
    }

    // MARK: Helpers shared by the route files

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        WebSecurity.cookie(name, value, maxAge: maxAge, secure: settings.secureCookies)
    }

    static func requireParticipant(_ context: StudyContext) throws -> ParticipantRecord {
        guard let participant = context.participant else { throw HTTPError(.unauthorized, message: "enter the study first (POST /api/enter)") }
        return participant
    }

    static func validated<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as AnswerValidation.Failure {
            throw HTTPError(.badRequest, message: failure.description)
        }
    }

    /// The trials of `participant`'s design block.
    func trials(of participant: ParticipantRecord) -> [StudyDesign.Trial] { study.trials[participant.number] ?? [] }

    /// A random code of `length` unambiguous capitals and digits (resume and completion codes).
    static func readableCode(length: Int = 10) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The participant's stage and progress.
    func state(of participant: ParticipantRecord) async throws -> StudyViews.StateView {
        let total = trials(of: participant).count
        let answered = try await store.answeredCount(participant: participant.id)
        let stage: StudyViews.Stage = participant.finished != nil ? .done
            : participant.consented == nil ? .consent : answered < total ? .trials : .questionnaire
        return StudyViews.StateView(participant: StudyStore.label(participant.number, of: study.participants), code: participant.externalID,
                                    language: participant.language, stage: stage, answered: answered, total: total,
                                    completionCode: participant.finished != nil ? participant.completionCode : nil, consent: study.config.consent)
    }
}
