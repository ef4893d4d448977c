import Foundation
import INVCore

/// The server's settings, read strictly from `reveal.json` (an unknown key is an error naming it):
///
/// ```json
/// {"adminPassword": "…", "publicURL": "https://reveal.example.org", "secureCookies": true,
///  "trustForwardedFor": true, "trust": {"image": "photos/dog.jpg", "layer": "…", "cluster": 0},
///  "mailbox": "outbox.jsonl", "smtp": {"host": "127.0.0.1", "from": "reveal@example.org"}, "bcryptCost": 12, "synchronous": "full", "rules": {"hintCost": 50}}
/// ```
/// Every key but `adminPassword` is optional.
public struct RevealConfig: Sendable, Decodable {
    /// The map every player meets as their trust game (thesis §4.4); by default the one import chose.
    public struct TrustMap: Sendable, Codable, Equatable {
        public var image: String
        public var layer: String
        public var cluster: Int
    }

    public var adminPassword: String
    /// The address players reach the server at, for links in e-mails.
    public var publicURL = "http://localhost:8080"
    /// `Secure` on cookies: set it when a reverse proxy terminates TLS in front of the server.
    public var secureCookies = false
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    public var trustForwardedFor = false
    public var trust: TrustMap?
    /// Where the file mailer appends password-reset mails (JSON lines); relative to the working directory.
    /// Used when `smtp` is absent.
    public var mailbox = "reveal-outbox.jsonl"
    /// The SMTP relay password-reset mails go through instead of the mailbox file.
    public var smtp: SMTPSettings?
    public var bcryptCost = 12
    public var synchronous = SQLiteGameStore.Synchronous.full
    public var sessionDays = 30.0
    public var resetTokenMinutes = 30.0
    /// Failed logins allowed per username and per address within `loginWindowSeconds`.
    public var loginAttempts = 10
    public var loginWindowSeconds = 300.0
    /// Registrations (and reset requests) allowed per address within `registrationWindowSeconds`.
    public var registrationAttempts = 20
    public var registrationWindowSeconds = 3600.0
    /// Seeds the per-game generators (map ties, options) for reproducible tests; random when absent.
    public var seed: UInt64?
    public var rules = RevealRules()

    public init(adminPassword: String) { self.adminPassword = adminPassword }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case adminPassword, publicURL, secureCookies, trustForwardedFor, trust, mailbox, smtp, bcryptCost, synchronous, sessionDays,
             resetTokenMinutes, loginAttempts, loginWindowSeconds, registrationAttempts, registrationWindowSeconds, seed, rules
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var d = RevealConfig(adminPassword: try c.decode(String.self, forKey: .adminPassword))
        d.publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL) ?? d.publicURL
        d.secureCookies = try c.decodeIfPresent(Bool.self, forKey: .secureCookies) ?? d.secureCookies
        d.trustForwardedFor = try c.decodeIfPresent(Bool.self, forKey: .trustForwardedFor) ?? d.trustForwardedFor
        d.trust = try c.decodeIfPresent(TrustMap.self, forKey: .trust)
        d.mailbox = try c.decodeIfPresent(String.self, forKey: .mailbox) ?? d.mailbox
        d.smtp = try c.decodeIfPresent(SMTPSettings.self, forKey: .smtp)
        d.bcryptCost = try c.decodeIfPresent(Int.self, forKey: .bcryptCost) ?? d.bcryptCost
        d.synchronous = try c.decodeIfPresent(SQLiteGameStore.Synchronous.self, forKey: .synchronous) ?? d.synchronous
        d.sessionDays = try c.decodeIfPresent(Double.self, forKey: .sessionDays) ?? d.sessionDays
        d.resetTokenMinutes = try c.decodeIfPresent(Double.self, forKey: .resetTokenMinutes) ?? d.resetTokenMinutes
        d.loginAttempts = try c.decodeIfPresent(Int.self, forKey: .loginAttempts) ?? d.loginAttempts
        d.loginWindowSeconds = try c.decodeIfPresent(Double.self, forKey: .loginWindowSeconds) ?? d.loginWindowSeconds
        d.registrationAttempts = try c.decodeIfPresent(Int.self, forKey: .registrationAttempts) ?? d.registrationAttempts
        d.registrationWindowSeconds = try c.decodeIfPresent(Double.self, forKey: .registrationWindowSeconds) ?? d.registrationWindowSeconds
        d.seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        d.rules = try c.decodeIfPresent(RevealRules.self, forKey: .rules) ?? d.rules
        self = try d.validated()
    }

    /// Reads `reveal.json`, naming the key path of the first problem.
    public static func load(contentsOf url: URL) throws -> RevealConfig {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RevealError.config("\(url.path): no such file (it needs at least {\"adminPassword\": \"…\"})")
        }
        do {
            let value = try JSONDecoder().decode(ConfigValue.self, from: data)
            return try ConfigDecoder.decode(RevealConfig.self, from: value)
        } catch let error as ConfigError {
            throw RevealError.config("\(url.path): \(error)")
        } catch let error as RevealError {
            throw error
        } catch {
            throw RevealError.config("\(url.path): not valid JSON (\(error))")
        }
    }

    public func validated() throws -> RevealConfig {
        guard adminPassword.count >= 12 else { throw RevealError.config("adminPassword: expected at least 12 characters") }
        guard (4...31).contains(bcryptCost) else { throw RevealError.config("bcryptCost: expected 4…31, got \(bcryptCost)") }
        guard loginAttempts >= 1, registrationAttempts >= 1, loginWindowSeconds > 0, registrationWindowSeconds > 0 else {
            throw RevealError.config("loginAttempts, registrationAttempts and their windows: expected positive values")
        }
        guard sessionDays > 0, resetTokenMinutes > 0 else { throw RevealError.config("sessionDays, resetTokenMinutes: expected positive values") }
        _ = try rules.validated()
        _ = try smtp?.validated()
        return self
    }

    /// The SMTP mailer when `smtp` is set, else the file mailer appending to `mailbox`.
    public func makeMailer() -> any Mailer {
        smtp.map { SMTPMailer(settings: $0) } ?? FileMailer(url: URL(fileURLWithPath: mailbox))
    }
}
