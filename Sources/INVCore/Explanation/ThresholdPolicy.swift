/// Which feature maps survive after unit normalisation (thesis §3.3.1, §4.2, Table 1).
///
/// In a config: `{policy: thesis}`, `{policy: fixed, percent: 0.5}`, `{policy: keep-mass, mass: 0.8}`
/// or `{policy: none}`.
public enum ThresholdPolicy: Sendable, Equatable, Codable {
    /// Table 1 (64 → 1.4 %, 128 → 0.7 %, 256 → 0.35 %, 512 → 0.175 %), generalised to any channel
    /// count n as 89.6/n % — about 0.9 × the uniform share.
    case thesis
    /// A fixed threshold, in percent of the layer's total weight.
    case fixed(percent: Double)
    /// The smallest set of heaviest maps holding at least `mass` (0…1) of the weight.
    case keepMass(mass: Double)
    /// Keep every map with a positive weight.
    case none

    /// The threshold (0…1 of the unit-normalised weight) for a layer of `channels` maps.
    public func threshold(channels: Int) -> Double {
        switch self {
        case .thesis: 0.896 / Double(max(channels, 1))
        case .fixed(let percent): percent / 100
        case .keepMass, .none: 0
        }
    }

    /// Indices (into `weights`, unit-normalised, all positive) of the maps that survive, in
    /// their original order.
    public func kept(_ weights: [Double], channels: Int) -> [Int] {
        switch self {
        case .thesis, .fixed:
            let t = threshold(channels: channels)
            return weights.indices.filter { weights[$0] >= t }
        case .none:
            return Array(weights.indices)
        case .keepMass(let mass):
            let order = weights.indices.sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }
            var total = 0.0, chosen: [Int] = []
            for i in order where total < mass - 1e-12 {
                chosen.append(i)
                total += weights[i]
            }
            return chosen.sorted()
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case policy, percent, mass }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let policy = try c.decode(String.self, forKey: .policy)
        func forbid(_ keys: [CodingKeys]) throws {
            for key in keys where c.contains(key) {
                throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [key]),
                                  message: "'\(key.stringValue)' does not apply to policy '\(policy)'")
            }
        }
        switch policy {
        case "thesis": try forbid([.percent, .mass]); self = .thesis
        case "none": try forbid([.percent, .mass]); self = .none
        case "fixed": try forbid([.mass]); self = .fixed(percent: try c.decode(Double.self, forKey: .percent))
        case "keep-mass":
            try forbid([.percent])
            let mass = try c.decode(Double.self, forKey: .mass)
            guard mass > 0 && mass <= 1 else {
                throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.mass]), message: "expected a share in (0, 1], got \(mass)")
            }
            self = .keepMass(mass: mass)
        default:
            let names = ["thesis", "fixed", "keep-mass", "none"]
            throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.policy]),
                              message: "unknown threshold policy '\(policy)'; available: \(names.joined(separator: ", ")).\(didYouMean(policy, among: names))")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .thesis: try c.encode("thesis", forKey: .policy)
        case .none: try c.encode("none", forKey: .policy)
        case .fixed(let percent): try c.encode("fixed", forKey: .policy); try c.encode(percent, forKey: .percent)
        case .keepMass(let mass): try c.encode("keep-mass", forKey: .policy); try c.encode(mass, forKey: .mass)
        }
    }
}
