import INVCore
import INVText

/// A cheap, model-free baseline for ablations: feature hashing (Weinberger et al. 2009) of
/// character n-grams (as fastText's subwords, Bojanowski et al. 2017).
///
/// Each text is normalised by BERT's basic tokenizer (lowercase, accents stripped, punctuation
/// split off); every word is wrapped as `<word>` and each of its n-grams, `minN ≤ n ≤ maxN`
/// Unicode scalars long (the whole `<word>` when shorter), is hashed with 64-bit FNV-1a: the hash
/// picks one of `dimensions` buckets and, by one further bit, the sign added there. The vector is
/// L2-normalised, so cosine similarity measures shared spelling ("roofs" is near "roof"), not meaning.
public struct HashingEmbedder: LabelEmbedder {
    public static let name = "hashing"
    public static let summary = "Feature hashing of character n-grams (Weinberger et al. 2009): spelling similarity, no model."
    public static let parameterDocs = [
        "dimensions": "Length of each vector (number of hash buckets).",
        "min_n": "Shortest character n-gram of a word wrapped as <word>.",
        "max_n": "Longest character n-gram.",
    ]

    public struct Parameters: Codable, Sendable, Equatable, DefaultConstructible {
        public var dimensions: Int = 384
        public var minN: Int = 3
        public var maxN: Int = 5
        public init() {}
        public enum CodingKeys: String, CodingKey, CaseIterable {
            case dimensions
            case minN = "min_n"
            case maxN = "max_n"
        }
    }

    public let parameters: Parameters
    private let basic = BasicTokenizer()

    public init(parameters: Parameters) throws {
        guard parameters.dimensions >= 1 else {
            throw PluginInputError(plugin: Self.name, "dimensions must be at least 1, got \(parameters.dimensions)")
        }
        guard parameters.minN >= 1, parameters.maxN >= parameters.minN else {
            throw PluginInputError(plugin: Self.name, "need 1 ≤ min_n ≤ max_n, got min_n \(parameters.minN), max_n \(parameters.maxN)")
        }
        self.parameters = parameters
    }

    public func embed(_ texts: [String]) throws -> Matrix {
        let d = parameters.dimensions
        var result = Matrix(rows: texts.count, columns: d)
        for (row, text) in texts.enumerated() {
            var vector = [Double](repeating: 0, count: d)
            for word in basic.words(text) {
                let scalars = [UInt32(60)] + word.unicodeScalars.map(\.value) + [UInt32(62)]   // "<" word ">"
                for n in parameters.minN...parameters.maxN {
                    let length = min(n, scalars.count)
                    for start in 0...(scalars.count - length) {
                        let hash = Self.fnv1a(scalars[start..<(start + length)])
                        vector[Int(hash % UInt64(d))] += (hash >> 63) == 0 ? 1 : -1
                    }
                    if length == scalars.count { break }
                }
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for k in 0..<d { result[row, k] = norm > 0 ? vector[k] / norm : 0 }
        }
        return result
    }

    /// 64-bit FNV-1a over the scalars' UTF-32 little-endian bytes.
    static func fnv1a(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in scalars {
            for shift in stride(from: 0, to: 32, by: 8) {
                hash ^= UInt64((scalar >> UInt32(shift)) & 0xFF)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }
}
