import Foundation

/// A labelling of an image's pixels into superpixels: `labels[y * width + x]` in `0..<count`.
public struct Segmentation: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var labels: [Int]
    public var count: Int

    public init(width: Int, height: Int, labels: [Int]) {
        self.width = width
        self.height = height
        let distinct = Array(Set(labels)).sorted()
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        self.labels = labels.map { index[$0]! }
        count = distinct.count
    }
}

/// Quick shift superpixels (Vedaldi & Soatto 2008) as scikit-image's `segmentation.quickshift`
/// (`_quickshift_cython`), the segmenter of the `lime` package (kernel_size 4, max_dist 200, ratio 0.2):
/// on the L*a*b* image times `ratio`, a Parzen density with a Gaussian of σ = `kernelSize` over a
/// `⌈3σ⌉` window (colour and position distances); every pixel links to the nearest pixel of higher
/// density in the window unless that is farther than `maxDistance`; the trees' roots are the segments.
///
/// scikit-image breaks density ties with `N(0, 1e-5)` noise from NumPy's generator seeded 42; here the
/// noise is a deterministic hash of (`seed`, pixel) in ±1e-5, so labels can differ where densities tie.
/// - Complexity: O(H·W·(2⌈3σ⌉ + 1)²).
public enum Quickshift {
    /// - Parameter rgb: planar `[3, height, width]` sRGB in [0, 1].
    public static func segment(rgb: [Float], width: Int, height: Int, kernelSize: Double = 4, maxDistance: Double = 200,
                               ratio: Double = 0.2, seed: UInt64 = 42) throws -> Segmentation {
        let n = width * height
        guard width > 0, height > 0, rgb.count == 3 * n, kernelSize > 0 else {
            throw ImageError.invalidArgument(operation: "Quickshift.segment",
                                             message: "expected 3 × \(height) × \(width) values and kernelSize > 0, got \(rgb.count) values")
        }
        let lab = LabColor.fromRGB(rgb, pixels: n).map { Double($0) * ratio }
        let window = Int((3 * kernelSize).rounded(.up))
        let inverse = -0.5 / (kernelSize * kernelSize)
        func distance(_ p: Int, _ q: Int) -> Double {
            var d = 0.0
            for c in 0..<3 { let t = lab[c * n + p] - lab[c * n + q]; d += t * t }
            let dy = Double(p / width - q / width), dx = Double(p % width - q % width)
            return d + dy * dy + dx * dx
        }
        var density = [Double](repeating: 0, count: n)
        for r in 0..<height {
            for c in 0..<width {
                let p = r * width + c
                var s = 0.0
                for r2 in max(r - window, 0)..<min(r + window + 1, height) {
                    for c2 in max(c - window, 0)..<min(c + window + 1, width) { s += exp(distance(p, r2 * width + c2) * inverse) }
                }
                density[p] = s + tieBreak(seed: seed, pixel: p)
            }
        }
        var parent = Array(0..<n)
        for r in 0..<height {
            for c in 0..<width {
                let p = r * width + c
                var closest = Double.infinity
                for r2 in max(r - window, 0)..<min(r + window + 1, height) {
                    for c2 in max(c - window, 0)..<min(c + window + 1, width) {
                        let q = r2 * width + c2
                        guard density[q] > density[p] else { continue }
                        let d = distance(p, q)
                        if d < closest { closest = d; parent[p] = q }
                    }
                }
                if closest.squareRoot() > maxDistance { parent[p] = p }
            }
        }
        var changed = true
        while changed {
            changed = false
            for p in 0..<n where parent[parent[p]] != parent[p] {
                parent[p] = parent[parent[p]]
                changed = true
            }
        }
        return Segmentation(width: width, height: height, labels: parent)
    }

    /// Noise in (−1e-5, 1e-5) from a SplitMix64 hash of the seed and the pixel index.
    static func tieBreak(seed: UInt64, pixel: Int) -> Double {
        var z = seed &+ UInt64(pixel) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) * 0x1.0p-53 * 2 - 1) * 1e-5
    }
}
