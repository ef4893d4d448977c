import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import Testing
@testable import INVReveal

/// Every game rule through the HTTP API (router test client), on each store of ``RevealBackend``.
@Suite struct RevealGameHTTPTests {
    @Test(arguments: RevealBackend.available) func scoringHintCostsAndStreakBonus(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                try await browser.playAsGuest()
                var game = try await browser.startGame()
                #expect(game["pointsLeft"] as? Int == 300)
                #expect(optionIndices(game).count == 6)
                #expect(Set(optionIndices(game)).count == 6)
                let id = game["id"] as! String
                let correct = try await correctClass(store, id)
                #expect(optionIndices(game).contains(correct))
                for expected in [250, 200] {
                    game = try await browser.send(.post, "/api/games/\(id)/reveal").json
                    #expect(game["pointsLeft"] as? Int == expected)
                }
                #expect(game["hints"] as? Int == 2)
                #expect(game["revealPercent"] as? Double == 8)
                let win = try await browser.answer(game, choice: correct, tags: ["striped fur", "ears"])
                #expect(win.status == .ok)
                #expect(win.json["outcome"] as? String == "win")
                #expect(win.json["total"] as? Int == 225, "300 − 2 × 50 + 0 streak + 25 tags: \(win.text)")
                // Second game: one win in a row so far → +10 streak bonus, shown before the guess.
                let second = try await browser.startGame()
                #expect(second["streakBonus"] as? Int == 10)
                let secondCorrect = try await correctClass(store, second["id"] as! String)
                let secondWin = try await browser.answer(second, choice: secondCorrect, tags: [])
                #expect(secondWin.json["total"] as? Int == 310, "300 + 10 streak, no tags: \(secondWin.text)")
                let me = try await browser.send(.get, "/api/me").json
                #expect(me["score"] as? Int == 535)
                #expect(me["streak"] as? Int == 2)
                #expect(me["wins"] as? Int == 2)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func lossResetsTheStreakAndEarnsOnlyTheTagBonus(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                try await browser.playAsGuest()
                let first = try await browser.startGame()
                _ = try await browser.answer(first, choice: try await correctClass(store, first["id"] as! String))
                let game = try await browser.startGame()
                let correct = try await correctClass(store, game["id"] as! String)
                let wrong = optionIndices(game).first { $0 != correct }!
                let loss = try await browser.answer(game, choice: wrong)
                #expect(loss.json["outcome"] as? String == "loss")
                #expect(loss.json["total"] as? Int == 25)
                #expect((loss.json["correct"] as? [String: Any])?["index"] as? Int == correct, "the outcome names the correct class")
                #expect(try await browser.send(.get, "/api/me").json["streak"] as? Int == 0)
                // A choice that is not among the options is refused and changes nothing.
                let next = try await browser.startGame()
                let outside = (0..<20).first { !optionIndices(next).contains($0) }!
                #expect(try await browser.answer(next, choice: outside).status == .badRequest)
                #expect(try await browser.send(.get, "/api/games/\(next["id"] as! String)").status == .ok)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func hintsStopAtFiveAndResignationOnlyAfterThem(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                try await browser.playAsGuest()
                var game = try await browser.startGame()
                let id = game["id"] as! String
                #expect(try await browser.answer(game, choice: nil).status == .badRequest, "no resignation before the fifth hint")
                for _ in 0..<7 { game = try await browser.send(.post, "/api/games/\(id)/reveal").json }
                #expect(game["hints"] as? Int == 5)
                #expect(game["pointsLeft"] as? Int == 50)
                #expect(game["canReveal"] as? Bool == false)
                #expect(game["canResign"] as? Bool == true)
                #expect(game["revealPercent"] as? Double == 30)
                let resign = try await browser.answer(game, choice: nil, tags: ["fur"])
                #expect(resign.json["outcome"] as? String == "resign")
                #expect(resign.json["total"] as? Int == 25)
                let records = try await store.labelRecords(includeUntrusted: true)
                #expect(records.map(\.outcome) == [.resign])
                #expect(records.map(\.hints) == [5])
            }
        }
    }

    @Test(arguments: RevealBackend.available) func masksAreMadeOnDemandAndOnlyUpToTheHintsPaidFor(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, _, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                try await browser.playAsGuest()
                let game = try await browser.startGame()
                let id = game["id"] as! String
                let mask = try await browser.send(.get, "/api/games/\(id)/mask?level=0")
                #expect(mask.status == .ok)
                #expect(mask.headers[.contentType] == "image/jpeg")
                #expect(mask.body.starts(with: [0xFF, 0xD8]), "a JPEG")
                #expect(try await browser.send(.get, "/api/games/\(id)/mask?level=1").status == .forbidden)
                #expect(try await browser.send(.get, "/api/games/\(id)/image").status == .forbidden, "the full image only after the answer")
                #expect(try await browser.send(.get, "/api/games/\(id)/result").status == .conflict)
                _ = try await browser.send(.get, "/api/games/\(id)/mask?level=0")
                #expect(server.masks.statistics.hits == 2)
                #expect(server.masks.statistics.misses == 2, "level 0 rendered once, from the start; level 1 asked for ahead")
            }
        }
    }

    @Test(arguments: RevealBackend.available) func everyThirdGameIsTheTrustGameAndAWrongGuessThereFlagsThePlayer(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            let trustMap = try #require(server.trustMap)
            try await Application(router: server.router()).test(.router) { client in
                for (player, failTrust) in [("honest", false), ("careless", true)] {
                    let browser = Browser(client)
                    #expect(try await browser.register(player).status == .created)
                    for ordinal in 1...4 {
                        let game = try await browser.startGame()
                        let record = try #require(try await store.game(publicID: game["id"] as! String, player: try await playerID(store, player)))
                        #expect(record.isTrustGame == (ordinal == 3))
                        #expect((record.map == trustMap) == (ordinal == 3), "game \(ordinal) of \(player)")
                        let correct = record.correctClass
                        let choice = ordinal == 3 && failTrust ? optionIndices(game).first { $0 != correct }! : correct
                        _ = try await browser.answer(game, choice: choice, tags: ["\(player) tag \(ordinal)"])
                    }
                }
            }
            let trusted = try await store.labelRecords(includeUntrusted: false)
            let everything = try await store.labelRecords(includeUntrusted: true)
            #expect(trusted.count == 4)
            #expect(everything.count == 8)
            #expect(everything.filter { !$0.trusted }.map(\.text) == (1...4).map { "careless tag \($0)" }, "kept, flagged")
        }
    }

    @Test(arguments: RevealBackend.available) func balancingServesTheLeastPlayedMapsFirst(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            // 8 images × 4 maps; the trust image (img0) stays out of the regular pool: 28 maps.
            try await Application(router: server.router()).test(.router) { client in
                for round in 1...2 {
                    for _ in 0..<28 {
                        let browser = Browser(client)
                        try await browser.playAsGuest()
                        let game = try await browser.startGame()
                        _ = try await browser.answer(game, choice: optionIndices(game)[0], tags: [])
                    }
                    let progress = try await store.progress().filter { $0.image != "img0.png" }
                    #expect(progress.count == 28)
                    #expect(progress.allSatisfy { $0.games == round }, "round \(round): \(progress.map(\.games))")
                }
            }
        }
    }

    @Test(arguments: RevealBackend.available) func aRegisteredPlayerNeverMeetsAnImageTwice(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                _ = try await browser.register("traveller")
                var images: [String] = []
                for _ in 0..<8 {
                    let game = try await browser.startGame()
                    _ = try await browser.answer(game, choice: optionIndices(game)[0], tags: ["x"])
                }
                images = try await store.labelRecords(includeUntrusted: true).map(\.image)
                #expect(Set(images).count == 8, "8 games, 8 different images: \(images)")
                let exhausted = try await browser.send(.post, "/api/games")
                #expect(exhausted.status == .conflict)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func anUnfinishedGameIsResumedAfterLeavingAndLoggingInAgain(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, _, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                _ = try await browser.register("returner")
                let game = try await browser.startGame()
                let id = game["id"] as! String
                _ = try await browser.send(.post, "/api/games/\(id)/reveal")
                let again = try await browser.startGame()
                #expect(again["id"] as? String == id, "a new game while one is open resumes it")
                #expect(again["hints"] as? Int == 1)
                #expect(optionIndices(again) == optionIndices(game), "same options after resuming")
                _ = try await browser.send(.post, "/api/logout")
                let fresh = Browser(client)
                try await fresh.send(.get, "/api/session")
                #expect(try await fresh.send(.post, "/api/login", json: ["username": "returner", "password": "correct horse battery"]).status == .ok)
                let current = try await fresh.send(.get, "/api/games/current").json["game"] as? [String: Any]
                #expect(current?["id"] as? String == id)
                #expect(current?["hints"] as? Int == 1)
            }
        }
    }

    @Test(arguments: RevealBackend.available) func theGameViewNeverCarriesTheCorrectClass(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, _, _ in
            try await Application(router: server.router()).test(.router) { client in
                let browser = Browser(client)
                try await browser.playAsGuest()
                let game = try await browser.startGame()
                let text = try await browser.send(.get, "/api/games/\(game["id"] as! String)").text
                for forbidden in ["correct", "image\"", "trust", "map\""] {
                    #expect(!text.contains(forbidden), "the game view mentions \(forbidden): \(text)")
                }
            }
        }
    }
}

func playerID(_ store: any GameStore, _ username: String) async throws -> Int64 {
    try #require(try await store.credentials(username: username)).player.id
}
