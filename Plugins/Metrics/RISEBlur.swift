import Foundation
import INVEngine

/// The insertion substrate of RISE's `evaluation.py`: `gkern(11, 5)` — a unit impulse at the
/// centre of an 11 × 11 grid filtered by `scipy.ndimage.gaussian_filter(σ = 5)` (truncate 4,
/// `mode='reflect'`) — applied to each channel by `conv2d(padding = 5)` (zeros outside the image).
enum RISEBlur {
    static let size = 11
    static let sigma = 5.0

    /// The 11 × 11 kernel, row-major. It is separable: the outer product of the 1-D filtered impulse.
    static let kernel: [Float] = {
        let line = filteredImpulse()
        return line.flatMap { a in line.map { Float(a * $0) } }
    }()

    /// `gaussian_filter1d` of an impulse at index 5 of 11 samples: weights `exp(−j²/2σ²)` for
    /// |j| ≤ 20, normalised, with the half-sample symmetric extension (`d c b a | a b c d | d c b a`).
    static func filteredImpulse() -> [Double] {
        let radius = Int(4 * sigma + 0.5)
        let raw = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = raw.reduce(0, +)
        let n = size, centre = size / 2
        return (0..<n).map { i in
            var s = 0.0
            for j in -radius...radius {
                var m = (i + j) % (2 * n)
                if m < 0 { m += 2 * n }
                if m >= n { m = 2 * n - 1 - m }
                if m == centre { s += raw[j + radius] / total }
            }
            return s
        }
    }

    /// The image `[1, C, H, W]` convolved channel by channel with ``kernel``, zero padding.
    static func apply(_ image: Tensor) -> Tensor {
        let (channels, height, width) = (image.shape[1], image.shape[2], image.shape[3])
        let half = size / 2
        var out = Tensor.zeros(image.shape)
        for c in 0..<channels {
            let base = c * height * width
            for y in 0..<height {
                for x in 0..<width {
                    var s: Float = 0
                    for ky in max(0, half - y)..<min(size, height + half - y) {
                        let row = base + (y + ky - half) * width
                        for kx in max(0, half - x)..<min(size, width + half - x) {
                            s += kernel[ky * size + kx] * image.scalars[row + x + kx - half]
                        }
                    }
                    out.scalars[base + y * width + x] = s
                }
            }
        }
        return out
    }
}
