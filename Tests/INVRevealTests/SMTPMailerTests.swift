import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import NIOCore
import NIOPosix
import Synchronization
import Testing
@testable import INVReveal

/// Issue 9: password-reset mail through an SMTP relay (`reveal.json` key `smtp`), against a relay
/// on loopback that records the session and answers with scripted replies.
@Suite struct SMTPMailerTests {
    static let mail = Mail(to: "ada@example.org", subject: "Deep Reveal: reset your password",
                           body: "Open this link:\nhttp://localhost:8080/#reset=abc\n.\nBye", date: Date(timeIntervalSince1970: 0))

    @Test func aMailIsDeliveredInOneSession() async throws {
        let relay = try await RecordingRelay.start()
        let settings = SMTPSettings(host: "127.0.0.1", port: relay.port, from: "reveal@example.org", helo: "reveal.example.org")
        try await SMTPMailer(settings: settings).send(Self.mail)
        let session = try await relay.finishedSession()
        #expect(session.commands == ["EHLO reveal.example.org", "MAIL FROM:<reveal@example.org>", "RCPT TO:<ada@example.org>", "DATA", "QUIT"])
        let (headers, body) = try #require(Self.split(session.data))
        #expect(headers.contains("From: <reveal@example.org>"))
        #expect(headers.contains("To: <ada@example.org>"))
        #expect(headers.contains("Subject: Deep Reveal: reset your password"))
        #expect(headers.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(headers.contains("Content-Transfer-Encoding: base64"))
        let decoded = try #require(Data(base64Encoded: body.joined(), options: .ignoreUnknownCharacters))
        #expect(String(decoding: decoded, as: UTF8.self) == "Open this link:\r\nhttp://localhost:8080/#reset=abc\r\n.\r\nBye")
    }

    @Test func aRefusedRecipientThrowsTheRelaysReply() async throws {
        let relay = try await RecordingRelay.start(replies: ["RCPT": "550 5.1.1 no such user"])
        let settings = SMTPSettings(host: "127.0.0.1", port: relay.port, from: "reveal@example.org")
        let error = await #expect(throws: RevealError.self) { try await SMTPMailer(settings: settings).send(Self.mail) }
        #expect(error?.description == "mail delivery: 127.0.0.1:\(relay.port) answered '550 5.1.1 no such user' to RCPT TO:<ada@example.org>")
    }

    @Test func anUnreachableRelayIsNamed() async throws {
        let relay = try await RecordingRelay.start()
        let port = relay.port
        try await relay.stop()
        let settings = SMTPSettings(host: "127.0.0.1", port: port, from: "reveal@example.org", timeoutSeconds: 5)
        await #expect(throws: (any Error).self) { try await SMTPMailer(settings: settings).send(Self.mail) }
    }

    @Test func theResetRequestIsAnsweredAlikeWhenTheRelayRefuses() async throws {
        let relay = try await RecordingRelay.start(replies: ["RCPT": "550 5.1.1 no such user"])
        let smtp = SMTPSettings(host: "127.0.0.1", port: relay.port, from: "reveal@example.org")
        try await RevealFixture.withServer(.sqlite, { $0.smtp = smtp }) { server, _, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                _ = try await browser.register("forgetful", email: "forgetful@example.org")
                _ = try await browser.send(.post, "/api/logout")
                #expect(try await browser.send(.post, "/api/password/forgot", json: ["email": "forgetful@example.org"]).status == .accepted)
            }
        }
        #expect(try await relay.finishedSession().commands.contains("RCPT TO:<forgetful@example.org>"), "the mail was attempted")
    }

    @Test func headersCannotBeInjected() {
        #expect(SMTPMessage.encodedHeader("Reimposta la password – Deep Reveal") == "=?utf-8?B?UmVpbXBvc3RhIGxhIHBhc3N3b3JkIOKAkyBEZWVwIFJldmVhbA==?=")
        #expect(!SMTPMessage.encodedHeader("hi\r\nBcc: eve@example.org").contains("\n"))
        #expect(throws: (any Error).self) { try InputValidation.email("ada@example.org\r\nRCPT TO:<eve@example.org>") }
    }

    @Test func settingsAreCheckedWhenTheConfigIsRead() throws {
        func load(_ json: String) throws -> RevealConfig {
            try ConfigDecoder.decode(RevealConfig.self, from: JSONDecoder().decode(ConfigValue.self, from: Data(json.utf8)))
        }
        let config = try load(#"{"adminPassword": "admin-password-123", "smtp": {"host": "127.0.0.1", "port": 2525, "from": "r@example.org"}}"#)
        #expect(config.smtp == SMTPSettings(host: "127.0.0.1", port: 2525, from: "r@example.org"))
        #expect(config.makeMailer() is SMTPMailer)
        #expect(try load(#"{"adminPassword": "admin-password-123"}"#).makeMailer() is FileMailer)
        let typo = #expect(throws: ConfigError.self) {
            try load(#"{"adminPassword": "admin-password-123", "smtp": {"host": "h", "from": "r@example.org", "portt": 25}}"#)
        }
        #expect(typo?.description.contains("smtp.portt") == true, "\(String(describing: typo))")
        #expect(typo?.description.contains("Did you mean 'port'?") == true, "\(String(describing: typo))")
        let badFrom = #expect(throws: RevealError.self) {
            try load(#"{"adminPassword": "admin-password-123", "smtp": {"host": "h", "from": "nobody"}}"#)
        }
        #expect(badFrom?.description == "reveal config: smtp.from: expected an address such as reveal@example.org, got 'nobody'")
    }

    /// The DATA section's header lines and body lines.
    static func split(_ lines: [String]) -> (headers: [String], body: [String])? {
        guard let blank = lines.firstIndex(of: "") else { return nil }
        return (Array(lines[..<blank]), Array(lines[(blank + 1)...]))
    }
}

/// A one-connection SMTP relay on loopback: answers every command with 250 (or the scripted reply
/// for its verb), a multi-line reply to EHLO, and records the commands and the DATA lines.
final class RecordingRelay: Sendable {
    struct Session: Sendable { var commands: [String] = []; var data: [String] = [] }
    final class Log: Sendable { let session = Mutex(Session()) }

    let port: Int
    private let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    private let log = Log()
    private let done: Task<Void, any Error>

    private init(server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>, replies: [String: String]) {
        self.server = server
        port = server.channel.localAddress?.port ?? 0
        let log = log
        done = Task {
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    try await Self.serve(connection, replies: replies, log: log)
                    return
                }
            }
        }
    }

    static func start(replies: [String: String] = [:]) async throws -> RecordingRelay {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return RecordingRelay(server: server, replies: replies)
    }

    func finishedSession() async throws -> Session {
        try await done.value
        return log.session.withLock { $0 }
    }

    func stop() async throws {
        try await server.channel.close()
        _ = await done.result
    }

    private static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, replies: [String: String], log: Log) async throws {
        try await connection.executeThenClose { input, output in
            try await output.write(ByteBuffer(string: "220 relay.test ESMTP\r\n"))
            var pending = ""
            var inData = false
            for try await var chunk in input {
                pending += chunk.readString(length: chunk.readableBytes) ?? ""
                while let end = pending.range(of: "\r\n") {
                    let line = String(pending[..<end.lowerBound])
                    pending.removeSubrange(..<end.upperBound)
                    if inData {
                        if line == "." {
                            inData = false
                            try await output.write(ByteBuffer(string: "250 2.0.0 queued\r\n"))
                        } else {
                            log.session.withLock { $0.data.append(line) }
                        }
                        continue
                    }
                    log.session.withLock { $0.commands.append(line) }
                    let verb = String(line.prefix { $0 != " " && $0 != ":" })
                    let reply = replies[verb] ?? (verb == "EHLO" ? "250-relay.test\r\n250-8BITMIME\r\n250 SIZE 1000000"
                        : verb == "DATA" ? "354 end with <CRLF>.<CRLF>" : verb == "QUIT" ? "221 bye" : "250 OK")
                    try await output.write(ByteBuffer(string: reply + "\r\n"))
                    if verb == "DATA", reply.hasPrefix("354") { inData = true }
                    if verb == "QUIT" { return }
                }
            }
        }
    }
}
