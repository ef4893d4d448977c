@testable import INVEngine

extension SpatialReference {
    /// Max over each window's real elements (padding is −∞).
    static func maxPool2d(_ x: DTensor, kernel: Size2D, strides: Size2D = 1, pads: Padding2D = .zero,
                          dilations: Size2D = 1, ceilMode: Bool = false) -> DTensor {
        pool(x, kernel: kernel, strides: strides, pads: pads, dilations: dilations, ceilMode: ceilMode) { values, _ in
            values.max() ?? -.infinity
        }
    }

    /// Mean of each window: over its real elements, or with `countIncludePad` divided by the number
    /// of window positions inside the padded input.
    static func averagePool2d(_ x: DTensor, kernel: Size2D, strides: Size2D = 1, pads: Padding2D = .zero,
                              countIncludePad: Bool = false, ceilMode: Bool = false) -> DTensor {
        pool(x, kernel: kernel, strides: strides, pads: pads, dilations: 1, ceilMode: ceilMode) { values, inPadded in
            let count = countIncludePad ? inPadded : values.count
            return count == 0 ? 0 : values.reduce(0, +) / Double(count)
        }
    }

    /// Mean over every axis after the first two, kept as size-1 axes.
    static func globalAveragePool(_ x: DTensor) -> DTensor {
        let planes = x.shape[0] * x.shape[1], size = x.count / planes
        let values = (0..<planes).map { p in x.values[p * size..<(p + 1) * size].reduce(0, +) / Double(size) }
        return DTensor(shape: Array(x.shape.prefix(2)) + [Int](repeating: 1, count: x.shape.count - 2), values: values)
    }

    /// Calls `reduce(realValues, positionsInsidePaddedInput)` for every window.
    private static func pool(_ x: DTensor, kernel: Size2D, strides: Size2D, pads: Padding2D, dilations: Size2D,
                             ceilMode: Bool, _ reduce: ([Double], Int) -> Double) -> DTensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let oh = windowCount(input: h, kernel: kernel.height, stride: strides.height, dilation: dilations.height,
                             padBegin: pads.top, padEnd: pads.bottom, ceilMode: ceilMode)
        let ow = windowCount(input: w, kernel: kernel.width, stride: strides.width, dilation: dilations.width,
                             padBegin: pads.left, padEnd: pads.right, ceilMode: ceilMode)
        var y = DTensor(repeating: 0, shape: [n, c, oh, ow])
        for plane in 0..<n * c {
            for ho in 0..<oh {
                for wo in 0..<ow {
                    var values: [Double] = [], inPadded = 0
                    for i in 0..<kernel.height {
                        let hi = ho * strides.height - pads.top + i * dilations.height
                        for j in 0..<kernel.width {
                            let wi = wo * strides.width - pads.left + j * dilations.width
                            if hi < h + pads.bottom && wi < w + pads.right { inPadded += 1 }
                            if hi >= 0 && hi < h && wi >= 0 && wi < w { values.append(x.values[(plane * h + hi) * w + wi]) }
                        }
                    }
                    y.values[(plane * oh + ho) * ow + wo] = reduce(values, inPadded)
                }
            }
        }
        return y
    }
}
