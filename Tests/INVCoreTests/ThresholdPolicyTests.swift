import Testing
@testable import INVCore

@Suite struct ThresholdPolicyTests {
    @Test(arguments: [(64, 1.4), (128, 0.7), (256, 0.35), (512, 0.175)])
    func thesisTable1(_ row: (channels: Int, percent: Double)) {
        #expect(abs(ThresholdPolicy.thesis.threshold(channels: row.channels) - row.percent / 100) < 1e-12)
    }

    @Test func keptWeightsFollowThePolicy() {
        let w = [0.5, 0.05, 0.3, 0.004, 0.146]
        #expect(ThresholdPolicy.fixed(percent: 5).kept(w, channels: 5) == [0, 1, 2, 4])
        #expect(ThresholdPolicy.keepMass(mass: 0.8).kept(w, channels: 5) == [0, 2])
        #expect(ThresholdPolicy.keepMass(mass: 0.9).kept(w, channels: 5) == [0, 2, 4])
        #expect(ThresholdPolicy.none.kept(w, channels: 5) == [0, 1, 2, 3, 4])
        // 64 channels: 1.4 % → 0.014
        #expect(ThresholdPolicy.thesis.kept(w, channels: 64) == [0, 1, 2, 4])
    }

    @Test func decodingIsStrict() throws {
        #expect(try ConfigDecoder.decode(ThresholdPolicy.self, from: .object(["policy": .string("keep-mass"), "mass": .double(0.8)])) == .keepMass(mass: 0.8))
        #expect(throws: ConfigError(path: "threshold.percent", message: "'percent' does not apply to policy 'thesis'")) {
            try ConfigDecoder.decode(ThresholdPolicy.self, from: .object(["policy": .string("thesis"), "percent": .int(1)]), path: [AnyKey("threshold")])
        }
        #expect(throws: ConfigError(path: "policy", message: "unknown threshold policy 'thesys'; available: thesis, fixed, keep-mass, none. Did you mean 'thesis'?")) {
            try ConfigDecoder.decode(ThresholdPolicy.self, from: .object(["policy": .string("thesys")]))
        }
    }
}
