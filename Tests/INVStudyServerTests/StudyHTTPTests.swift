import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import INVCore
import INVStudy
import Testing
@testable import INVStudyServer

/// The rating app's participant API (issue 10, "The rating app"), through HTTP.
@Suite struct StudyHTTPTests {
    static let ratings = ["informativeness": 5, "understandability": 4, "satisfaction": 6]

    @Test func entryConsentTrialsQuestionnaireAndCompletion() async throws {
        let (study, store, _) = try StudyFixture.study(participants: 2, extra: ["completion-code": .string("C0FFEE42"),
                                                                                "attention-checks": .object(["every": .int(2)])])
        let clock = TestClock()
        let server = StudyServer(study: study, store: store, now: clock.now)
        try await Application(router: server.router()).test(.router) { client in
            let page = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
            #expect(page.status == .ok && page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(!String(buffer: page.body).contains("<script>"), "no inline script (CSP)")

            let p = StudyBrowser(client)
            let entered = try await p.enter(pid: "PROLIFIC_5f1a")
            #expect(entered.status == .created)
            #expect(entered.state["participant"] as? String == "P01")
            #expect(entered.state["stage"] as? String == "consent")
            #expect(try await p.send(.get, "/api/trial").status == .forbidden, "no trial before consent")
            #expect(try await p.consent().json["stage"] as? String == "trials")

            let design = study.trials[1]!
            for t in design {
                let trial = try await p.trial()
                #expect(trial["trial"] as? Int == t.trial)
                #expect((trial["items"] as? [[String: Any]])?.count == 3)
                #expect((trial["attentionCheck"] != nil) == t.attentionCheck)
                let panel = trial["panel"] as! String
                #expect(panel == "/" + study.condition(of: t).panel && !panel.contains(t.method), "the panel's path hides the method")
                #expect((trial["caption"] as? String)?.hasPrefix("Explanation ") == true)
                #expect(try await p.send(.get, panel).headers[.contentType] == "image/png")
                clock.advance(6)
                let reply = try await p.answer(t.trial, ratings: Self.ratings, attention: t.attentionCheck ? 2 : nil, comment: "trial \(t.trial)", seconds: 5.5)
                #expect(reply.status == .ok, "\(reply.text)")
            }
            #expect(try await p.send(.get, "/api/state").json["stage"] as? String == "questionnaire")
            let done = try await p.questionnaire()
            #expect(done.status == .ok && done.json["stage"] as? String == "done" && done.json["completionCode"] as? String == "C0FFEE42")
        }
        let responses = try await store.responses(config: study.config, participants: study.participants)
        let trials = study.trials[1]!.count
        #expect(responses.count == trials * 3 + trials / 2 + 16, "3 ratings per trial, an attention row every 2nd trial, SUS and TLX")
        #expect(responses.filter { $0.item == INVStudy.Response.attentionCheckItem }.allSatisfy { $0.attentionCheckPassed == true })
        #expect(Set(responses.map(\.participant)) == ["P01"])
        let text = ResponseFile.csv(responses)
        #expect(try ResponseFile.parse(text, source: "export", config: study.config) == responses)
        #expect(try await store.comments(participants: 2).count == trials)
    }

    @Test func closingThePageResumesAndAFinishedParticipantGetsTheCompletionPage() async throws {
        let (study, store, _) = try StudyFixture.study(participants: 2)
        let clock = TestClock()
        let server = StudyServer(study: study, store: store, now: clock.now)
        try await Application(router: server.router()).test(.router) { client in
            let first = StudyBrowser(client)
            try await first.enter(pid: "worker-1")
            try await first.consent()
            let trial = try await first.trial()
            clock.advance(3)
            #expect(try await first.answer(1, ratings: Self.ratings, seconds: 3).status == .ok)

            // A new browser (the page was closed, cookies lost) with the same link resumes at trial 2.
            let again = StudyBrowser(client)
            let resumed = try await again.enter(pid: "worker-1")
            #expect(resumed.status == .ok && resumed.state["stage"] as? String == "trials" && resumed.state["answered"] as? Int == 1)
            #expect(try await again.trial()["trial"] as? Int == 2)
            #expect(trial["trial"] as? Int == 1)
            // The old session was not replaced: it still works too, and sees the same next trial.
            #expect(try await first.send(.get, "/api/state").json["answered"] as? Int == 1)

            // A generated code resumes like a pid.
            let coded = StudyBrowser(client)
            let code = try #require(try await coded.enter(pid: nil).state["code"] as? String)
            #expect(code.hasPrefix("S") && code.count == 11)
            #expect(try await StudyBrowser(client).enter(pid: code).state["participant"] as? String == "P02")

            // The design has 2 participant places: a third id is refused clearly.
            let third = try await StudyBrowser(client).enter(pid: "worker-3")
            #expect(third.status == .conflict && third.message.contains("the study is full"), "\(third.message)")

            // Finish worker-1, then enter again: the completion page, not a second run.
            for n in 2...study.trials[1]!.count {
                _ = try await again.trial()
                clock.advance(2)
                #expect(try await again.answer(n, ratings: Self.ratings, seconds: 2).status == .ok)
            }
            let code1 = try #require(try await again.questionnaire().json["completionCode"] as? String)
            let back = StudyBrowser(client)
            let state = try await back.enter(pid: "worker-1").state
            #expect(state["stage"] as? String == "done" && state["completionCode"] as? String == code1)
            #expect(try await back.send(.get, "/api/trial").status == .conflict)
            #expect(try await back.questionnaire().status == .conflict)
            #expect(try await back.answer(1, ratings: Self.ratings, seconds: 1).status == .conflict)
        }
        let progress = try await store.progress()
        #expect(progress.entered == 2 && progress.consented == 1 && progress.finished == 1)
    }

    @Test func aTrialAnswerIsStoredOnceRetriesAreIdempotentAndChangesRefused() async throws {
        let (study, store, _) = try StudyFixture.study(participants: 1)
        let clock = TestClock()
        let server = StudyServer(study: study, store: store, now: clock.now)
        try await Application(router: server.router()).test(.router) { client in
            let p = StudyBrowser(client)
            try await p.enter(pid: "p1")
            try await p.consent()
            #expect(try await p.answer(1, ratings: Self.ratings, seconds: 1).status == .conflict, "not shown yet")
            _ = try await p.trial()
            clock.advance(4)
            let skip = try await p.answer(2, ratings: Self.ratings, seconds: 1)
            #expect(skip.status == .conflict && skip.message.contains("not shown yet"), "\(skip.message)")
            #expect(try await p.answer(1, ratings: Self.ratings, seconds: 3).json["duplicate"] as? Bool == false)
            #expect(try await p.answer(1, ratings: Self.ratings, seconds: 3).json["duplicate"] as? Bool == true)
            var changed = Self.ratings
            changed["satisfaction"] = 1
            let refused = try await p.answer(1, ratings: changed, seconds: 3)
            #expect(refused.status == .conflict && refused.message.contains("already answered"))
            #expect(try await p.trial()["trial"] as? Int == 2)
        }
        let rows = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ratings")! }
        #expect(rows == 3, "one trial's three ratings, stored once")
        // The store keeps trials in order on its own: trial 3 before trial 2 is refused.
        let participant = try #require(try await store.enter(externalID: "p1", language: "en", capacity: 1, now: Date())).participant
        let outOfOrder = TrialAnswer(trial: 3, ratings: Self.ratings, attention: nil, comment: "", seconds: 1)
        #expect(try await store.answer(participant: participant.id, outOfOrder, image: "x", method: "inv", serverSeconds: 1, now: Date())
                == .outOfOrder(expected: 2))
    }

    @Test func stateChangingRequestsNeedTheCSRFTokenAndThisOrigin() async throws {
        let (study, store, _) = try StudyFixture.study(participants: 2)
        let clock = TestClock()
        try await Application(router: StudyServer(study: study, store: store, now: clock.now).router()).test(.router) { client in
            let p = StudyBrowser(client)
            try await p.send(.get, "/api/session")
            let missing = try await p.send(.post, "/api/enter", json: ["pid": "x1", "language": "en"], csrf: false)
            #expect(missing.status == .forbidden && missing.message.contains("X-CSRF-Token"))
            let saved = p.csrf
            p.csrf = String(repeating: "f", count: 43)
            #expect(try await p.send(.post, "/api/enter", json: ["pid": "x1", "language": "en"]).status == .forbidden)
            p.csrf = saved
            #expect(try await p.send(.post, "/api/enter", json: ["pid": "x1", "language": "en"], headers: [.origin: "https://evil.example"]).status == .forbidden)
            #expect(try await p.enter(pid: "x1").status == .created)
            #expect(try await p.send(.post, "/api/consent", json: ["agree": true, "language": "en"], csrf: false).status == .forbidden)
            #expect(try await p.send(.get, "/api/state").json["stage"] as? String == "consent", "the refused consent changed nothing")
            #expect(try await StudyBrowser(client).send(.get, "/api/trial").status == .unauthorized)
        }
        #expect(try await store.progress().entered == 1)
    }

    @Test func badValuesAreRejectedWithErrorsNamingTheField() async throws {
        let (study, store, _) = try StudyFixture.study(participants: 2, extra: ["free-text": .bool(false)])
        let clock = TestClock()
        try await Application(router: StudyServer(study: study, store: store, now: clock.now).router()).test(.router) { client in
            let p = StudyBrowser(client)
            let badID = try await p.enter(pid: "<script>")
            #expect(badID.status == .badRequest && badID.message.hasPrefix("pid:"))
            let badLanguage = try await p.enter(pid: "ok", language: "de")
            #expect(badLanguage.status == .badRequest && badLanguage.message.hasPrefix("language:"))
            try await p.enter(pid: "ok")
            #expect(try await p.send(.post, "/api/consent", json: ["agree": false, "language": "en"]).message.hasPrefix("agree:"))
            try await p.consent()
            _ = try await p.trial()
            clock.advance(5)
            func expectRejected(_ reply: StudyBrowser.Reply, _ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == .badRequest && reply.message.hasPrefix(prefix), "\(reply.status) \(reply.message)", sourceLocation: sourceLocation)
            }
            var r = Self.ratings
            r["satisfaction"] = 8
            expectRejected(try await p.answer(1, ratings: r, seconds: 2), "ratings.satisfaction: expected 1 to 7")
            r["satisfaction"] = nil
            expectRejected(try await p.answer(1, ratings: r, seconds: 2), "ratings.satisfaction: missing")
            r["satisfaction"] = 3
            r["clarity"] = 3
            expectRejected(try await p.answer(1, ratings: r, seconds: 2), "ratings.clarity: not an item")
            expectRejected(try await p.answer(1, ratings: Self.ratings, attention: 2, seconds: 2), "attention: this trial has no")
            expectRejected(try await p.answer(1, ratings: Self.ratings, comment: "hi", seconds: 2), "comment: this study asks for no free text")
            expectRejected(try await p.answer(1, ratings: Self.ratings, seconds: -1), "seconds: expected a positive")
            expectRejected(try await p.answer(1, ratings: Self.ratings, seconds: 60), "seconds: 60.0 s is longer than the 5.0 s")
            let notJSON = try await p.send(.post, "/api/trials/1/answer", json: ["ratings": "many"])
            #expect(notJSON.status == .badRequest && notJSON.message.contains("TrialAnswer"))
            #expect(try await p.answer(99, ratings: Self.ratings, seconds: 1).status == .notFound)
            #expect(try await p.answer(1, ratings: Self.ratings, seconds: 4.9).status == .ok)
            let early = try await p.questionnaire()
            #expect(early.status == .conflict && early.message.contains("still unanswered"))
            expectRejected(try await p.questionnaire(sus: [3, 3]), "sus: expected 10 answers")
            expectRejected(try await p.questionnaire(sus: [3, 3, 3, 3, 3, 3, 3, 3, 3, 6]), "sus[9]: expected 1 to 5")
            expectRejected(try await p.questionnaire(tlx: ["tlx-mental": 50]), "tlx.tlx-physical: missing")
            #expect(try await p.send(.get, "/stimuli/../study.json").status == .notFound)
            #expect(try await p.send(.get, "/stimuli/\(study.trials[1]![0].image)/design.csv").status == .notFound)
        }
    }

    @Test func italianWordingAndAnotherStudysDatabaseIsRefused() async throws {
        let (study, store, root) = try StudyFixture.study(participants: 1, extra: ["attention-checks": .object([
            "every": .int(1), "translations": .object(["it": .string("Per mostrare che hai letto, rispondi 2 qui.")])])])
        let clock = TestClock()
        try await Application(router: StudyServer(study: study, store: store, now: clock.now).router()).test(.router) { client in
            let p = StudyBrowser(client)
            try await p.enter(pid: "it-1", language: "it")
            try await p.consent(language: "it")
            let trial = try await p.trial(language: "it")
            let items = trial["items"] as! [[String: Any]]
            #expect(items[0]["text"] as? String == "Questa spiegazione mi dice perché il classificatore ha fatto la sua previsione.")
            #expect(items[0]["low"] as? String == "Per niente d’accordo")
            #expect((trial["attentionCheck"] as? [String: Any])?["text"] as? String == "Per mostrare che hai letto, rispondi 2 qui.")
            #expect((trial["caption"] as? String)?.hasPrefix("Spiegazione ") == true)
            #expect((try await p.trial(language: "en")["items"] as! [[String: Any]])[0]["text"] as? String == study.config.items[0].text)
        }
        #expect(throws: StudyServerError.self) {
            try StudyStore(path: root.appendingPathComponent("answers.sqlite").path, design: String(repeating: "0", count: 64))
        }
    }
}
