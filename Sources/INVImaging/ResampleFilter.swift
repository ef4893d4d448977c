/// The interpolation kernel of a resize, as defined by Pillow (`src/libImaging/Resample.c`).
///
/// When shrinking by a factor `s > 1` the kernel is stretched by `s` (its support becomes
/// `support · s`), which averages over every input pixel under an output pixel — the antialiasing
/// that `PIL.Image.resize` applies by default. When enlarging, it is plain interpolation.
public enum ResampleFilter: String, Sendable, Equatable, CaseIterable {
    /// Triangle kernel `max(0, 1 − |x|)`, support 1. When enlarging this is bilinear interpolation
    /// with half-pixel centres (OpenCV `INTER_LINEAR`, PyTorch `align_corners=False`).
    case bilinear
    /// Keys cubic convolution with `a = −0.5`, support 2 (Keys 1981, "Cubic convolution
    /// interpolation for digital image processing", eq. 15; Pillow's `BICUBIC`).
    case bicubic

    /// Half-width of the kernel in input pixels before any stretching.
    var support: Double {
        switch self {
        case .bilinear: 1
        case .bicubic: 2
        }
    }

    /// The kernel's value at distance `x`.
    @inline(__always)
    func weight(_ x: Double) -> Double {
        let x = abs(x)
        switch self {
        case .bilinear:
            return x < 1 ? 1 - x : 0
        case .bicubic:
            let a = -0.5
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        }
    }
}
