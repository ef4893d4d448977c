/// Normalised filter taps for resampling one axis from `inputSize` to `outputSize` samples,
/// computed once per axis (Pillow's `precompute_coeffs`).
///
/// Output sample `i` has its centre at input coordinate `(i + 0.5) · scale` with
/// `scale = inputSize / outputSize` (half-pixel alignment). It reads the input samples
/// `starts[i] ..< starts[i] + counts[i]` with weights `weights[i * taps ..< i * taps + counts[i]]`,
/// which sum to 1. Taps that would fall outside the input are dropped before normalising, so
/// edges behave like Pillow (for bilinear enlargement this equals clamping to the edge pixel).
struct ResampleCoefficients {
    let outputSize: Int
    /// Stride between the weight rows of consecutive outputs.
    let taps: Int
    let starts: [Int]
    let counts: [Int]
    let weights: [Float]

    init(inputSize: Int, outputSize: Int, filter: ResampleFilter) {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let support = filter.support * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var starts = [Int](repeating: 0, count: outputSize)
        var counts = [Int](repeating: 0, count: outputSize)
        var weights = [Float](repeating: 0, count: outputSize * taps)
        var row = [Double](repeating: 0, count: taps)
        for i in 0..<outputSize {
            let center = (Double(i) + 0.5) * scale
            // Pillow rounds with a C cast `(int)(v + 0.5)`, which truncates toward zero.
            let first = max(Int(center - support + 0.5), 0)
            let last = min(Int(center + support + 0.5), inputSize)
            let count = last - first
            var total = 0.0
            for k in 0..<count {
                row[k] = filter.weight((Double(k + first) - center + 0.5) / filterScale)
                total += row[k]
            }
            for k in 0..<count {
                weights[i * taps + k] = Float(total == 0 ? row[k] : row[k] / total)
            }
            starts[i] = first
            counts[i] = count
        }
        self.outputSize = outputSize
        self.taps = taps
        self.starts = starts
        self.counts = counts
        self.weights = weights
    }
}

/// Separable resampling of a stack of planes (CHW), horizontal pass first, then vertical — the
/// order Pillow uses. Computation is in `Float` without intermediate rounding.
enum Resampler {
    /// Resamples `planes` planes of `width × height` samples to `newWidth × newHeight`. With
    /// `clampingTo`, values are clamped after each pass, as Pillow does for 8-bit images (bicubic
    /// overshoot at a sharp edge is cut before the second pass sees it).
    static func resample(_ source: [Float], planes: Int, width: Int, height: Int,
                         newWidth: Int, newHeight: Int, filter: ResampleFilter,
                         clampingTo range: ClosedRange<Float>? = nil) -> [Float] {
        var current = source
        var currentWidth = width
        if newWidth != width {
            let columns = ResampleCoefficients(inputSize: width, outputSize: newWidth, filter: filter)
            current = horizontalPass(current, rows: planes * height, width: width, coefficients: columns)
            currentWidth = newWidth
            if let range { clamp(&current, to: range) }
        }
        if newHeight != height {
            let rows = ResampleCoefficients(inputSize: height, outputSize: newHeight, filter: filter)
            current = verticalPass(current, planes: planes, width: currentWidth, height: height, coefficients: rows)
            if let range { clamp(&current, to: range) }
        }
        return current
    }

    private static func clamp(_ values: inout [Float], to range: ClosedRange<Float>) {
        for i in values.indices { values[i] = min(max(values[i], range.lowerBound), range.upperBound) }
    }

    /// Each of `rows` rows of `width` samples becomes `coefficients.outputSize` samples.
    private static func horizontalPass(_ source: [Float], rows: Int, width: Int,
                                       coefficients c: ResampleCoefficients) -> [Float] {
        let newWidth = c.outputSize
        return [Float](unsafeUninitializedCapacity: rows * newWidth) { out, initialized in
            source.withUnsafeBufferPointer { input in
                c.weights.withUnsafeBufferPointer { weights in
                    for y in 0..<rows {
                        let inputRow = input.baseAddress! + y * width
                        for x in 0..<newWidth {
                            let tap = inputRow + c.starts[x]
                            let w = weights.baseAddress! + x * c.taps
                            var sum: Float = 0
                            for k in 0..<c.counts[x] { sum += w[k] * tap[k] }
                            out[y * newWidth + x] = sum
                        }
                    }
                }
            }
            initialized = rows * newWidth
        }
    }

    /// Each plane's `height` rows become `coefficients.outputSize` rows, as weighted sums of rows.
    private static func verticalPass(_ source: [Float], planes: Int, width: Int, height: Int,
                                     coefficients c: ResampleCoefficients) -> [Float] {
        let newHeight = c.outputSize
        var out = [Float](repeating: 0, count: planes * newHeight * width)
        source.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                for p in 0..<planes {
                    let plane = input.baseAddress! + p * height * width
                    for y in 0..<newHeight {
                        let outputRow = output.baseAddress! + (p * newHeight + y) * width
                        for k in 0..<c.counts[y] {
                            let w = c.weights[y * c.taps + k]
                            let inputRow = plane + (c.starts[y] + k) * width
                            for x in 0..<width { outputRow[x] += w * inputRow[x] }
                        }
                    }
                }
            }
        }
        return out
    }
}
