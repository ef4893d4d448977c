import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import Testing
@testable import INVReveal

/// Issue 9, "Security and reliability", through HTTP.
@Suite struct RevealSecurityTests {
    @Test(arguments: RevealBackend.available) func stateChangingRequestsWithoutTheCSRFTokenAreRefused(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                try await browser.send(.get, "/api/session")
                #expect(try await browser.send(.post, "/api/guest", csrf: false).status == .forbidden)
                let saved = browser.csrf
                browser.csrf = "forged-token-forged-token-forged-token-1234"
                #expect(try await browser.send(.post, "/api/guest").status == .forbidden)
                browser.csrf = saved
                try await browser.playAsGuest()
                let game = try await browser.startGame()
                let id = game["id"] as! String
                #expect(try await browser.send(.post, "/api/games/\(id)/reveal", csrf: false).status == .forbidden)
                #expect(try await browser.send(.post, "/api/games/\(id)/answer", json: ["choice": 0, "tags": [], "language": "en"], csrf: false).status == .forbidden)
                let crossSite = try await browser.send(.post, "/api/games/\(id)/reveal", headers: [.origin: "https://evil.example"])
                #expect(crossSite.status == .forbidden)
                let session = try #require(try await store.session(tokenHash: RevealServer.tokenHash(browser.cookies["rv_session"] ?? ""), now: Date()))
                let record = try #require(try await store.currentGame(player: session.player))
                #expect(record.hints == 0, "no refused request changed the game")
                #expect(record.state == .playing)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func injectionAndScriptPayloadsAreStoredInert(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            let payloads = ["'); DROP TABLE labels; --", "<script>alert('x')</script>", "\" OR 1=1 --", "<img src=x onerror=alert(1)>"]
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                #expect(try await browser.register("x'); DROP TABLE players;--").status == .badRequest)
                #expect(try await browser.register("<script>").status == .badRequest)
                #expect(try await browser.send(.post, "/api/login", json: ["username": "' OR '1'='1", "password": "' OR '1'='1"]).status == .unauthorized)
                try await browser.playAsGuest()
                let game = try await browser.startGame()
                let reply = try await browser.answer(game, choice: optionIndices(game)[0], tags: payloads, language: "it")
                #expect(reply.status == .ok)
                #expect(reply.json["tags"] as? [String] == payloads, "returned as JSON strings, verbatim")
                // The page never renders labels on the server; the client sets them with textContent only.
                let script = try await browser.send(.get, "/app.js").text
                #expect(!script.contains("innerHTML"))
                #expect(!AdminPage.javascript.contains("innerHTML"))
            }
            let labels = try await store.labelRecords(includeUntrusted: true).map(\.text)
            #expect(labels == payloads)
            let tables = try await StoreInspection.tableNames(store)
            #expect(tables.contains("labels") && tables.contains("players"))
            let csv = LabelRecordFile.encode(try await store.labelRecords(includeUntrusted: true), format: .csv)
            #expect(try LabelRecordFile.decode(csv, format: .csv, path: "export.csv").map(\.text) == payloads)
        }
    }

    @Test(arguments: RevealBackend.available) func loginIssuesAFreshSessionSoAPlantedOneIsUseless(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, _, _ in
            try await Application(router: server.router()).test(.router) { client in
                let victim = Browser(client)
                _ = try await victim.register("victim")
                _ = try await victim.send(.post, "/api/logout")
                // An attacker plants a session id in the victim's browser, then the victim logs in.
                let planted = "attacker-chosen-session-id-0123456789abcdefghij"
                victim.cookies["rv_session"] = planted
                try await victim.send(.get, "/api/session")
                let login = try await victim.send(.post, "/api/login", json: ["username": "victim", "password": "correct horse battery"])
                #expect(login.status == .ok)
                let issued = try #require(victim.cookies["rv_session"])
                #expect(issued != planted)
                let setCookie = login.headers[values: .setCookie].joined(separator: "\n")
                #expect(setCookie.contains("HttpOnly"))
                #expect(setCookie.contains("SameSite=Strict"))
                let attacker = Browser(client)
                attacker.cookies["rv_session"] = planted
                #expect(try await attacker.send(.get, "/api/me").status == .unauthorized)
                // A guest session that logs in is replaced too: the old token stops working.
                let guest = Browser(client)
                try await guest.playAsGuest()
                let guestToken = try #require(guest.cookies["rv_session"])
                #expect(try await guest.send(.post, "/api/login", json: ["username": "victim", "password": "correct horse battery"]).status == .ok)
                let stale = Browser(client)
                stale.cookies["rv_session"] = guestToken
                #expect(try await stale.send(.get, "/api/me").status == .unauthorized)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func anotherPlayersGameIdIsRefused(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            try await Application(router: server.router()).test(.router) { client in
                let alice = Browser(client), mallory = Browser(client)
                try await alice.playAsGuest()
                try await mallory.playAsGuest()
                let game = try await alice.startGame()
                let id = game["id"] as! String
                let correct = try await correctClass(store, id)
                #expect(try await mallory.send(.get, "/api/games/\(id)").status == .notFound)
                #expect(try await mallory.send(.post, "/api/games/\(id)/reveal").status == .notFound)
                #expect(try await mallory.send(.get, "/api/games/\(id)/mask?level=0").status == .notFound)
                #expect(try await mallory.answer(game, choice: correct).status == .notFound)
                #expect(try await mallory.send(.get, "/api/games/\(id)/result").status == .notFound)
                let mine = try await alice.send(.get, "/api/games/\(id)").json
                #expect(mine["hints"] as? Int == 0)
                #expect(try await alice.answer(game, choice: correct).json["outcome"] as? String == "win")
                #expect(try await alice.answer(game, choice: correct).status == .conflict, "an answer is recorded once")
                #expect(try await store.labelRecords(includeUntrusted: true).count == 1)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func bruteForceLoginIsThrottled(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend, { $0.loginAttempts = 5 }) { server, _, _ in
            try await Application(router: server.router()).test(.router) { client in
                let owner = Browser(client)
                _ = try await owner.register("target")
                let attacker = Browser(client)
                try await attacker.send(.get, "/api/session")
                for i in 0..<5 {
                    let reply = try await attacker.send(.post, "/api/login", json: ["username": "target", "password": "guess number \(i)"])
                    #expect(reply.status == .unauthorized)
                }
                let blocked = try await attacker.send(.post, "/api/login", json: ["username": "target", "password": "correct horse battery"])
                #expect(blocked.status == .tooManyRequests, "even the right password waits once the limit is reached")
                #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func registrationIsRateLimited(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend, { $0.registrationAttempts = 3 }) { server, _, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                for i in 0..<3 {
                    let reply = try await browser.register("user\(i)")
                    #expect(reply.status == .created)
                }
                #expect(try await browser.register("user9").status == .tooManyRequests)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func passwordResetTokensWorkOnceAndExpire(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend, { $0.resetTokenMinutes = 0.02 }) { server, _, directory in
            let mailbox = FileMailer(url: directory.appendingPathComponent("outbox.jsonl"))
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                _ = try await browser.register("forgetful", email: "forgetful@example.org")
                _ = try await browser.send(.post, "/api/logout")
                #expect(try await browser.send(.post, "/api/password/forgot", json: ["email": "nobody@example.org"]).status == .accepted)
                #expect(try mailbox.mails().isEmpty, "no mail for an unknown address, same answer")
                #expect(try await browser.send(.post, "/api/password/forgot", json: ["email": "forgetful@example.org"]).status == .accepted)
                let mail = try #require(try mailbox.mails().last)
                #expect(mail.to == "forgetful@example.org")
                let token = try #require(mail.body.components(separatedBy: "#reset=").last?.components(separatedBy: "\n").first)
                let reset = ["token": token, "password": "a brand new password"]
                #expect(try await browser.send(.post, "/api/password/reset", json: reset).status == .ok)
                #expect(try await browser.send(.post, "/api/password/reset", json: reset).status == .badRequest, "single use")
                #expect(try await browser.send(.post, "/api/login", json: ["username": "forgetful", "password": "correct horse battery"]).status == .unauthorized)
                #expect(try await browser.send(.post, "/api/login", json: ["username": "forgetful", "password": "a brand new password"]).status == .ok)
                _ = try await browser.send(.post, "/api/logout")
                _ = try await browser.send(.post, "/api/password/forgot", json: ["email": "forgetful@example.org"])
                let late = try #require(try mailbox.mails().last?.body.components(separatedBy: "#reset=").last?.components(separatedBy: "\n").first)
                try await Task.sleep(for: .seconds(1.5))
                #expect(try await browser.send(.post, "/api/password/reset", json: ["token": late, "password": "another new password"]).status == .badRequest,
                        "expired after 1.2 s")
            }
        }
    }

    @Test(arguments: RevealBackend.available) func responsesCarryTheSecurityHeaders(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, _, _ in
            try await Application(router: server.router()).test(.router) { client in
                let page = try await Browser(client).send(.get, "/")
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.text.contains("<script src=\"/app.js\"></script>"))
            }
        }
    }
}
