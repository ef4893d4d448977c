import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import INVStudy
import Testing
@testable import INVStudyServer

/// Issue 10, "Tests": 24 scripted participants answer a within-subject study THROUGH THE HTTP API
/// (enter, consent, every trial, SUS and NASA-TLX), the answers are exported as the responses CSV, and
/// the analysis must find a planted effect (INV rated 1 point higher) and, without one, stay quiet in
/// most seeds. The participants' model is the one of INVStudyTests' SimulatedStudyTests: rating =
/// 4 + participant bias (sd 0.7) + effect for INV + noise (sd 1), rounded and clipped to 1…7;
/// participant 24 fails its attention checks; trial 5 of every third participant is answered in 0.8 s.
@Suite struct SimulatedStudyHTTPTests {
    static func run(effect: Double, seed: UInt64) async throws -> StudyAnalysis {
        let (study, store, _) = try StudyFixture.study(imageCount: 12, participants: 24, seed: Int(seed), extra: [
            "attention-checks": .object(["every": .int(4)]), "exclusions": .object(["min-seconds": .double(1.5)])])
        let clock = TestClock()
        var settings = StudyServer.Settings()
        settings.entryLimit = 100
        let server = StudyServer(study: study, store: store, settings: settings, now: clock.now)
        try await Application(router: server.router()).test(.router) { client in
            var random = SeededRandom(seed: seed)
            for p in 1...24 {
                let browser = StudyBrowser(client)
                let entered = try await browser.enter(pid: "prolific-\(seed)-\(p)")
                guard entered.status == .created else { throw StudyServerError.store("enter: \(entered.message)") }
                try await browser.consent()
                let bias = random.normal() * 0.7
                for t in study.trials[p]! {
                    let trial = try await browser.trial()
                    var ratings: [String: Int] = [:]
                    for item in trial["items"] as! [[String: Any]] {
                        let mean = 4 + bias + (t.method == "inv" ? effect : 0)
                        ratings[item["id"] as! String] = Int(min(7, max(1, (mean + random.normal()).rounded())))
                    }
                    let seconds = t.trial == 5 && p % 3 == 0 ? 0.8 : 4 + 10 * random.uniform()
                    clock.advance(seconds)
                    let attention = trial["attentionCheck"] == nil ? nil : (p == 24 ? 6 : 2)
                    let reply = try await browser.answer(t.trial, ratings: ratings, attention: attention, seconds: seconds)
                    guard reply.status == .ok else { throw StudyServerError.store("answer: \(reply.message)") }
                }
                let sus = (0..<10).map { _ in 1 + Int(random.next() % 5) }
                let tlx = Dictionary(uniqueKeysWithValues: Questionnaire.tlxScales.map { ($0, Int(random.next() % 101)) })
                let done = try await browser.questionnaire(sus: sus, tlx: tlx)
                guard done.json["stage"] as? String == "done" else { throw StudyServerError.store("questionnaire: \(done.message)") }
            }
        }
        let text = ResponseFile.csv(try await store.responses(config: study.config, participants: study.participants))
        return try StudyAnalysis(config: study.config, responses: try ResponseFile.parse(text, source: "export.csv", config: study.config))
    }

    @Test func plantedEffectIsFoundThroughTheAPI() async throws {
        for seed in UInt64(1)...3 {
            let analysis = try await Self.run(effect: 1, seed: seed)
            #expect(analysis.exclusions.keptParticipants == 23)
            #expect(analysis.exclusions.failedAttention.map(\.participant) == ["P24"])
            #expect(analysis.exclusions.tooFastTrials == 7, "trial 5 of participants 3, 6, …, 21")
            #expect(analysis.questionnaires.sus.count == 23 && analysis.questionnaires.tlx.count == 23)
            for item in analysis.items {
                let omnibus = try #require(item.omnibus)
                #expect(omnibus.test == "Friedman" && omnibus.pValue < 0.05, "seed \(seed), \(item.item): Friedman p = \(omnibus.pValue)")
                let invPairs = item.pairs.filter { $0.first == "inv" || $0.second == "inv" }
                #expect(invPairs.count == 3 && invPairs.filter(\.significant).count >= 2, "seed \(seed), \(item.item)")
            }
        }
    }

    /// Three items are tested per seed at α = 0.05: about one seed in seven is expected to show something.
    @Test func noEffectIsRarelySignificantThroughTheAPI() async throws {
        var significantSeeds: [UInt64] = []
        for seed in UInt64(1)...5 {
            let analysis = try await Self.run(effect: 0, seed: seed)
            if analysis.items.contains(where: { ($0.omnibus?.pValue ?? 1) < 0.05 || $0.pairs.contains(where: \.significant) }) {
                significantSeeds.append(seed)
            }
        }
        #expect(significantSeeds.count <= 2, "most seeds stay quiet; seeds with a significant result: \(significantSeeds)")
    }
}
