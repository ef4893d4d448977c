import Foundation
import Hummingbird
import INVCore
import INVModels
import HummingbirdBcrypt
import Synchronization

/// The *Deep Reveal* web server (issue 9): the game's JSON API, the browser client and the admin
/// page, on Hummingbird 2. Build the router with ``router()`` and serve it with ``application(host:port:)``.
///
/// Security model: sessions are random 256-bit tokens in `HttpOnly`, `SameSite=Strict` cookies
/// (`Secure` when the config says TLS is in front); the database keeps only their SHA-256. Every
/// request that changes state must carry `X-CSRF-Token`, equal to the session's token (or, before
/// login, to the `rv_csrf` cookie), and a cross-origin `Origin` is refused. A login always issues a
/// fresh session (no fixation). Games are looked up by id *and* owner.
public final class RevealServer: Sendable {
    public let store: any GameStore
    public let config: RevealConfig
    public let mailer: any Mailer
    public let masks: MaskCache
    public let classNames: [String]
    public let trustMap: Int64?
    let loginLimiter: RateLimiter
    let registrationLimiter: RateLimiter
    let seeds: Mutex<SeededRandom?>
    let adminSessions = Mutex([String: Date]())
    /// Verified against when a username is unknown, so a login takes as long either way.
    let decoyHash: String

    static let sessionCookie = "rv_session"
    static let csrfCookie = "rv_csrf"
    static let adminCookie = "rv_admin"
    static let csrfHeader = HTTPFields.Element.Name("X-CSRF-Token")!
    static let forwardedForHeader = HTTPFields.Element.Name("X-Forwarded-For")!

    /// Loads the class list and resolves the trust map (the config's, else the one import chose).
    public init(store: any GameStore, config: RevealConfig, mailer: (any Mailer)? = nil, masks: MaskCache? = nil) async throws {
        self.store = store
        self.config = config
        self.mailer = mailer ?? config.makeMailer()
        self.masks = masks ?? MaskCache(percents: config.rules.revealPercents)
        classNames = try await store.classNames()
        guard !classNames.isEmpty else {
            throw RevealError.store("no run imported yet: run `inv reveal import RESULTS_DIR --db …` first")
        }
        if let trust = config.trust {
            guard let id = try await store.mapID(image: trust.image, layer: trust.layer, cluster: trust.cluster) else {
                throw RevealError.config("trust: no cluster map \(trust.cluster) of layer '\(trust.layer)' of image '\(trust.image)' was imported")
            }
            trustMap = id
        } else {
            trustMap = try await store.defaultTrustMap()
        }
        loginLimiter = RateLimiter(limit: config.loginAttempts, window: config.loginWindowSeconds)
        registrationLimiter = RateLimiter(limit: config.registrationAttempts, window: config.registrationWindowSeconds)
        seeds = Mutex(config.seed.map { SeededRandom(seed: $0) })
        decoyHash = await Self.hashPassword("decoy password never used", cost: config.bcryptCost)
    }

    /// The seed of the next game's generator: from the config's seed in order, else fresh.
    func nextGameSeed() -> UInt64 {
        seeds.withLock { rng in
            if rng != nil { return rng!.next() }
            return UInt64.random(in: .min ... .max)
        }
    }

    /// The application serving ``router()`` on `host:port`.
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "Deep Reveal"))
    }

    /// Every route: the client, the API and the admin page.
    public func router() -> Router<RevealContext> {
        let router = Router(context: RevealContext.self)
        router.add(middleware: RevealMiddleware(server: self))
        addClientRoutes(to: router)
        addAccountRoutes(to: router)
        addGameRoutes(to: router)
        addAdminRoutes(to: router)
        return router
    }

    // MARK: Helpers shared by the route files

    /// The client's address: the socket's peer, or the first `X-Forwarded-For` entry behind a trusted proxy.
    func clientAddress(_ request: Request, _ context: RevealContext) -> String {
        if config.trustForwardedFor, let forwarded = request.headers[Self.forwardedForHeader]?.split(separator: ",").first {
            return String(forwarded).trimmingCharacters(in: .whitespaces)
        }
        return context.peerAddress ?? "unknown"
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: config.secureCookies, httpOnly: true, sameSite: .strict)
    }

    static func tokenHash(_ token: String) -> String { SHA256.hexDigest(of: Data(token.utf8)) }

    /// A JSON response that no cache keeps.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> HTTPError { HTTPError(status, message: message) }

    /// Decodes a JSON body, answering 400 with the decoder's complaint instead of a generic error.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: RevealContext) async throws -> T {
        do {
            return try await request.decode(as: type, context: context)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw error
        } catch {
            throw Self.error(.badRequest, "expected a JSON body with the fields of \(String(describing: T.self).replacingOccurrences(of: "Request", with: ""))")
        }
    }

    static func validated<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as InputValidation.Failure {
            throw Self.error(.badRequest, failure.description)
        }
    }

    /// bcrypt off the cooperative pool: a hash takes a noticeable fraction of a second at cost 12.
    static func hashPassword(_ password: String, cost: Int) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.hash(password, cost: UInt8(cost))) }
        }
    }

    static func verifyPassword(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }

    /// Compares secrets in time independent of where they first differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
