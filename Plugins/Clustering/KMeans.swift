import INVCore
import INVEngine

/// k-means (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007), an alternative to the
/// thesis' agglomerative clustering (§3.3.3 discusses why centroid methods were not chosen).
///
/// Follows scikit-learn's `KMeans(algorithm="lloyd")`: greedy k-means++ with 2 + ⌊ln k⌋ candidate
/// centres per step; at most `max_iter` Lloyd iterations, stopping when the labels stop changing
/// or the total squared centre shift is ≤ tol × (mean per-feature variance); an empty cluster
/// takes the point farthest from its centre; the best of `n_init` runs by inertia.
/// `n_init` defaults to 10 (scikit-learn ≥ 1.4 defaults to 1 run for k-means++).
///
/// Random draws come from ``SeededRandom`` seeded by (seed, k), so labels are reproducible and
/// independent of which other k are requested, but not equal to scikit-learn's (NumPy's generator).
public struct KMeans: Clusterer {
    public static let name = "kmeans"
    public static let summary = "k-means (Lloyd) with seeded k-means++ initialisation; best of n_init runs by inertia."
    public static let parameterDocs = [
        "n_init": "Independent k-means++ starts; the lowest inertia wins (default 10).",
        "max_iter": "Lloyd iterations per start (default 300).",
        "tol": "Convergence when the squared centre shift ≤ tol × mean feature variance (default 1e-4).",
    ]

    public struct Parameters: Codable, Sendable, Equatable, DefaultConstructible {
        public var starts: Int = 10
        public var maxIterations: Int = 300
        public var tolerance: Double = 1e-4
        public init() {}
        public enum CodingKeys: String, CodingKey, CaseIterable {
            case starts = "n_init"
            case maxIterations = "max_iter"
            case tolerance = "tol"
        }
    }

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        guard parameters.starts >= 1, parameters.maxIterations >= 1, parameters.tolerance >= 0 else {
            throw PluginInputError(plugin: Self.name, "n_init and max_iter must be at least 1 and tol at least 0, got \(parameters)")
        }
        self.parameters = parameters
    }

    /// Labels in `0..<k` for every requested 1 ≤ k ≤ rows (other k are skipped); k run in parallel.
    public func partitions(_ x: Matrix, ks: [Int], seed: UInt64) throws -> [Int: [Int]] {
        try x.requireFinite(for: Self.name)
        let wanted = Array(Set(ks.filter { (1...x.rows).contains($0) })).sorted()
        var results = [KMeansResult?](repeating: nil, count: wanted.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = SharedPointer(buffer.baseAddress!)
            Parallel.forEach(wanted.count) { w in out[w] = cluster(x, k: wanted[w], seed: seed) }
        }
        return Dictionary(uniqueKeysWithValues: zip(wanted, results.map { $0!.labels }))
    }

    /// The best of `n_init` runs for one k (1 ≤ k ≤ rows).
    public func cluster(_ x: Matrix, k: Int, seed: UInt64) -> KMeansResult {
        var random = SeededRandom(seed: seed ^ (UInt64(k) &* 0x9E37_79B9_7F4A_7C15))
        let centred = KMeansData(x)
        var best: KMeansResult?
        for _ in 0..<parameters.starts {
            let run = centred.lloyd(initial: centred.plusPlus(k: k, random: &random),
                                    maxIterations: parameters.maxIterations, tolerance: parameters.tolerance)
            if best == nil || run.inertia < best!.inertia { best = run }
        }
        return best!
    }
}

/// One k-means solution.
public struct KMeansResult: Sendable {
    public var labels: [Int]
    /// k × d centres in the input's coordinates.
    public var centres: Matrix
    /// Sum of squared distances of the rows to their centres.
    public var inertia: Double
    public var iterations: Int
}
