import Foundation
import NIOCore
import NIOPosix

/// Where ``SMTPMailer`` hands mail over (`reveal.json` key `smtp`):
///
/// ```json
/// "smtp": {"host": "127.0.0.1", "port": 25, "from": "reveal@example.org", "helo": "reveal.example.org"}
/// ```
/// The mailer speaks plain SMTP (RFC 5321) without TLS or authentication, so `host` is meant to be
/// a relay the operator runs next to the server (postfix, OpenSMTPD, msmtpd), which does TLS and
/// authentication towards the outside world.
public struct SMTPSettings: Sendable, Codable, Equatable {
    public var host: String
    public var port = 25
    /// The envelope sender and `From:` address.
    public var from: String
    /// The name the mailer gives in `EHLO`.
    public var helo = "localhost"
    /// The longest a whole delivery may take before it is abandoned.
    public var timeoutSeconds = 30.0

    public init(host: String, port: Int = 25, from: String, helo: String = "localhost", timeoutSeconds: Double = 30) {
        self.host = host
        self.port = port
        self.from = from
        self.helo = helo
        self.timeoutSeconds = timeoutSeconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case host, port, from, helo, timeoutSeconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(host: try c.decode(String.self, forKey: .host), from: try c.decode(String.self, forKey: .from))
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
        helo = try c.decodeIfPresent(String.self, forKey: .helo) ?? helo
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? timeoutSeconds
    }

    /// Refuses settings that could not deliver or could inject SMTP commands.
    public func validated() throws -> SMTPSettings {
        guard !host.isEmpty else { throw RevealError.config("smtp.host: expected a host name or address") }
        guard (1...65535).contains(port) else { throw RevealError.config("smtp.port: expected 1…65535, got \(port)") }
        do { _ = try InputValidation.email(from) } catch {
            throw RevealError.config("smtp.from: expected an address such as reveal@example.org, got '\(from)'")
        }
        guard !helo.isEmpty, helo.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || "0123456789.-".unicodeScalars.contains($0) }) else {
            throw RevealError.config("smtp.helo: expected a host name (letters, digits, '.', '-'), got '\(helo)'")
        }
        guard timeoutSeconds > 0 else { throw RevealError.config("smtp.timeoutSeconds: expected a positive number") }
        return self
    }
}

/// Delivers each mail with one SMTP session (EHLO, MAIL FROM, RCPT TO, DATA, QUIT) to the relay
/// of ``SMTPSettings``. A delivery the relay refuses throws an error quoting its reply.
public struct SMTPMailer: Mailer {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) { self.settings = settings }

    public func send(_ mail: Mail) async throws {
        _ = try InputValidation.email(mail.to)
        let message = SMTPMessage.format(mail, from: settings.from, domain: settings.helo)
        let settings = settings
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.deliver(message, to: mail.to, settings: settings) }
            group.addTask {
                try await Task.sleep(for: .seconds(settings.timeoutSeconds))
                throw RevealError.mail("\(settings.host):\(settings.port) did not finish within \(settings.timeoutSeconds) s")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private static func deliver(_ message: String, to recipient: String, settings: SMTPSettings) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(settings.timeoutSeconds.rounded(.up))))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplyReader(inbound.makeAsyncIterator(), server: "\(settings.host):\(settings.port)")
            func command(_ line: String, expecting codes: Set<Int>, step: String? = nil) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await replies.expect(codes, after: step ?? line)
            }
            try await replies.expect([220], after: "connecting")
            try await command("EHLO \(settings.helo)", expecting: [250])
            try await command("MAIL FROM:<\(settings.from)>", expecting: [250])
            try await command("RCPT TO:<\(recipient)>", expecting: [250, 251])
            try await command("DATA", expecting: [354])
            try await command(message + "\r\n.", expecting: [250], step: "the message")
            // The relay has the mail once DATA is answered; a missing goodbye does not undo that.
            try? await command("QUIT", expecting: [221])
        }
    }
}

/// Reads SMTP replies (`250-first line`, …, `250 last line`) from a connection.
struct SMTPReplyReader {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending = ""
    let server: String

    init(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, server: String) {
        self.inbound = inbound
        self.server = server
    }

    /// Reads one whole reply and throws unless its code is one of `codes`.
    mutating func expect(_ codes: Set<Int>, after step: String) async throws {
        while true {
            let line = try await nextLine(after: step)
            let code = Int(line.prefix(3))
            let separator = line.dropFirst(3).first
            guard let code, separator == nil || separator == " " || separator == "-" else {
                throw RevealError.mail("\(server) sent '\(line)' after \(step), which is not an SMTP reply")
            }
            if separator == "-" { continue }
            guard codes.contains(code) else {
                throw RevealError.mail("\(server) answered '\(line)' to \(step)")
            }
            return
        }
    }

    private mutating func nextLine(after step: String) async throws -> String {
        while true {
            if let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                return line
            }
            guard var chunk = try await inbound.next() else {
                throw RevealError.mail("\(server) closed the connection after \(step)")
            }
            pending += chunk.readString(length: chunk.readableBytes) ?? ""
        }
    }
}

/// The RFC 5322 text of a mail: headers, then the UTF-8 body in base64 (which never starts a line
/// with '.', so the SMTP DATA section needs no dot-stuffing and any relay accepts it without 8BITMIME).
enum SMTPMessage {
    static func format(_ mail: Mail, from: String, domain: String) -> String {
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.timeZone = TimeZone(identifier: "UTC")
        date.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: <\(from)>",
            "To: <\(mail.to)>",
            "Subject: \(encodedHeader(mail.subject))",
            "Date: \(date.string(from: mail.date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ]
        let body = Data(mail.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        return (headers + [""] + [body.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])])
            .joined(separator: "\r\n")
    }

    /// ASCII text as it is; anything else (or a line break, which would inject a header) as an
    /// RFC 2047 encoded word.
    static func encodedHeader(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }) { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }
}
