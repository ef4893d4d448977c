@testable import INVEngine

/// Float64 reference kernels for the spatial ops: plain loops straight from the definitions, the
/// oracle the fast kernels are tested against. Shapes are NCHW; nothing here is optimised.
enum SpatialReference {
    /// Output length of a window over one axis (ONNX formula, with the ceil-mode rule that drops a
    /// last window starting in the end padding).
    static func windowCount(input: Int, kernel: Int, stride: Int, dilation: Int, padBegin: Int, padEnd: Int,
                            ceilMode: Bool = false) -> Int {
        let span = input + padBegin + padEnd - ((kernel - 1) * dilation + 1)
        if !ceilMode { return span / stride + 1 }
        var count = (span + stride - 1) / stride + 1
        if (count - 1) * stride >= input + padBegin { count -= 1 }
        return count
    }

    /// `y[n, m, ho, wo] = b[m] + Σ_{c, i, j} w[m, c, i, j] · x[n, g·Cg + c, ho·sh − top + i·dh, wo·sw − left + j·dw]`.
    static func conv2d(_ x: DTensor, _ w: DTensor, _ b: DTensor?, strides: Size2D = 1, dilations: Size2D = 1,
                       pads: Padding2D = .zero, groups: Int = 1) -> DTensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (m, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let mg = m / groups
        let oh = windowCount(input: h, kernel: kh, stride: strides.height, dilation: dilations.height,
                             padBegin: pads.top, padEnd: pads.bottom)
        let ow = windowCount(input: wd, kernel: kw, stride: strides.width, dilation: dilations.width,
                             padBegin: pads.left, padEnd: pads.right)
        var y = DTensor(repeating: 0, shape: [n, m, oh, ow])
        for image in 0..<n {
            for oc in 0..<m {
                let group = oc / mg
                for ho in 0..<oh {
                    for wo in 0..<ow {
                        var sum = b?.values[oc] ?? 0
                        for ic in 0..<cg {
                            for i in 0..<kh {
                                let hi = ho * strides.height - pads.top + i * dilations.height
                                guard hi >= 0 && hi < h else { continue }
                                for j in 0..<kw {
                                    let wi = wo * strides.width - pads.left + j * dilations.width
                                    guard wi >= 0 && wi < wd else { continue }
                                    let xv = x.values[((image * c + group * cg + ic) * h + hi) * wd + wi]
                                    sum += w.values[((oc * cg + ic) * kh + i) * kw + j] * xv
                                }
                            }
                        }
                        y.values[((image * m + oc) * oh + ho) * ow + wo] = sum
                    }
                }
            }
        }
        return y
    }
}
