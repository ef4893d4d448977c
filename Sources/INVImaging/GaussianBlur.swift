import Foundation

/// Separable Gaussian smoothing with the semantics of `scipy.ndimage.gaussian_filter(input, sigma,
/// mode="reflect", truncate=truncate)`.
///
/// The 1-D kernel has radius `r = Int(truncate · σ + 0.5)` and weights `exp(−k² / 2σ²)` for
/// `k = −r...r`, normalised to sum 1. Borders use scipy's `reflect` mode (half-sample symmetric,
/// `d c b a | a b c d | d c b a`), repeated as often as needed when `r` exceeds the size.
/// σ = 0 leaves the input unchanged (as scipy).
struct GaussianKernel {
    let radius: Int
    let weights: [Float]

    init(sigma: Double, truncate: Double) {
        let radius = Int(truncate * sigma + 0.5)
        let raw = (-radius...radius).map { k in exp(-0.5 * Double(k * k) / (sigma * sigma)) }
        let total = raw.reduce(0, +)
        self.radius = radius
        self.weights = raw.map { Float($0 / total) }
    }

    /// Validates σ and `truncate` for `operation`; returns nil for σ = 0 (no smoothing).
    static func make(sigma: Float, truncate: Float, operation: String) throws -> GaussianKernel? {
        guard sigma.isFinite, sigma >= 0 else {
            throw ImageError.invalidArgument(operation: operation, message: "sigma \(sigma) is not a finite value ≥ 0")
        }
        guard truncate.isFinite, truncate > 0 else {
            throw ImageError.invalidArgument(operation: operation, message: "truncate \(truncate) is not a finite value > 0")
        }
        return sigma == 0 ? nil : GaussianKernel(sigma: Double(sigma), truncate: Double(truncate))
    }

    /// Index of the sample that position `i` (possibly outside `0..<size`) reads under scipy's
    /// `reflect` mode: the signal is extended with period `2 · size`, mirrored about the edges.
    static func reflect(_ i: Int, size: Int) -> Int {
        let period = 2 * size
        var j = i % period
        if j < 0 { j += period }
        return j < size ? j : period - 1 - j
    }

    /// Smooths each of `planes` planes of `width × height` samples along rows, then columns.
    func apply(_ source: [Float], planes: Int, width: Int, height: Int) -> [Float] {
        let rowsSmoothed = smoothRows(source, rows: planes * height, width: width)
        return smoothColumns(rowsSmoothed, planes: planes, width: width, height: height)
    }

    private func smoothRows(_ source: [Float], rows: Int, width: Int) -> [Float] {
        let sourceIndex = (-radius..<(width + radius)).map { GaussianKernel.reflect($0, size: width) }
        var padded = [Float](repeating: 0, count: width + 2 * radius)
        var out = [Float](repeating: 0, count: rows * width)
        let taps = weights.count
        source.withUnsafeBufferPointer { input in
            weights.withUnsafeBufferPointer { w in
                padded.withUnsafeMutableBufferPointer { row in
                    out.withUnsafeMutableBufferPointer { output in
                        for y in 0..<rows {
                            let inputRow = input.baseAddress! + y * width
                            for i in 0..<row.count { row[i] = inputRow[sourceIndex[i]] }
                            for x in 0..<width {
                                var sum: Float = 0
                                for k in 0..<taps { sum += w[k] * row[x + k] }
                                output[y * width + x] = sum
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    private func smoothColumns(_ source: [Float], planes: Int, width: Int, height: Int) -> [Float] {
        var out = [Float](repeating: 0, count: planes * height * width)
        source.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                for p in 0..<planes {
                    let plane = input.baseAddress! + p * height * width
                    for y in 0..<height {
                        let outputRow = output.baseAddress! + (p * height + y) * width
                        for k in 0..<weights.count {
                            let w = weights[k]
                            let inputRow = plane + GaussianKernel.reflect(y - radius + k, size: height) * width
                            for x in 0..<width { outputRow[x] += w * inputRow[x] }
                        }
                    }
                }
            }
        }
        return out
    }
}

extension FloatMap {
    /// The map smoothed by a Gaussian of standard deviation `sigma` pixels on both axes, cut off
    /// at `truncate · sigma` (`scipy.ndimage.gaussian_filter(map, sigma, mode="reflect",
    /// truncate=truncate)`; scipy's default `truncate` is 4).
    /// - Complexity: O(width · height · (2r + 1)) per axis, r = Int(truncate · sigma + 0.5).
    public func gaussianBlurred(sigma: Float, truncate: Float = 4) throws -> FloatMap {
        guard let kernel = try GaussianKernel.make(sigma: sigma, truncate: truncate,
                                                   operation: "FloatMap.gaussianBlurred(sigma:truncate:)") else { return self }
        return FloatMap(checkedWidth: width, height: height,
                        values: kernel.apply(values, planes: 1, width: width, height: height))
    }
}

extension Image {
    /// The image with every channel smoothed by a Gaussian of standard deviation `sigma` pixels
    /// (scipy `gaussian_filter` with σ = 0 on the channel axis; see
    /// ``FloatMap/gaussianBlurred(sigma:truncate:)``). Values stay in 0...255.
    public func gaussianBlurred(sigma: Float, truncate: Float = 4) throws -> Image {
        guard let kernel = try GaussianKernel.make(sigma: sigma, truncate: truncate,
                                                   operation: "Image.gaussianBlurred(sigma:truncate:)") else { return self }
        return Image(checkedWidth: width, height: height, channels: channels,
                     pixels: kernel.apply(pixels, planes: channels, width: width, height: height))
    }
}
