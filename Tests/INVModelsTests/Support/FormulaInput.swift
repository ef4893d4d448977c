import INVEngine

/// The preprocessed synthetic inputs of Golden/make_efficientnet_golden.py, computed with the same
/// integer formulas so that no input tensor is committed:
/// tri(t) = |(t mod 510) − 255| ∈ 0…255, pixel(c, y, x) per pattern, x = (pixel − 127) / 128
/// (exact in Float32, so both sides feed identical tensors).
enum FormulaInput: String, CaseIterable {
    case diagonalWaves = "diagonal-waves"
    case rings
    case plaid

    /// The input [1, 3, size, size].
    func tensor(size: Int = 224) -> Tensor {
        Tensor(uninitializedShape: [1, 3, size, size]) { output in
            var position = 0
            for c in 0..<3 {
                for y in 0..<size {
                    for x in 0..<size {
                        output[position] = (Float(pixel(c: c, y: y, x: x)) - 127) / 128
                        position += 1
                    }
                }
            }
        }
    }

    private func pixel(c: Int, y: Int, x: Int) -> Int {
        switch self {
        case .diagonalWaves: return Self.tri(3 * y + 2 * x + 85 * c)
        case .rings: return Self.tri(((y - 112) * (y - 112) + (x - 112) * (x - 112)) / 8 + 60 * c)
        case .plaid: return (Self.tri(5 * y + 40 * c) + Self.tri(7 * x + 90 * c)) / 2
        }
    }

    /// A 0…255 triangle wave of period 510 (arguments here are never negative).
    private static func tri(_ t: Int) -> Int { abs(t % 510 - 255) }
}
