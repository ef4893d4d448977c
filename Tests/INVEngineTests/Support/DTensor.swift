@testable import INVEngine

/// A Float64 tensor for the reference kernels: the test oracle that the fast Float32 kernels are
/// compared against, and that central finite differences are taken on.
struct DTensor: Equatable {
    var shape: [Int]
    var values: [Double]

    init(shape: [Int], values: [Double]) {
        precondition(values.count == shape.elementCount)
        self.shape = shape
        self.values = values
    }
    init(_ t: Tensor) { self.init(shape: t.shape, values: t.scalars.map(Double.init)) }
    init(repeating v: Double, shape: [Int]) { self.init(shape: shape, values: .init(repeating: v, count: shape.elementCount)) }

    var count: Int { values.count }
    var tensor: Tensor { Tensor(shape: shape, scalars: values.map(Float.init)) }

    subscript(index: [Int]) -> Double {
        get { values[shape.offset(of: index)] }
        set { values[shape.offset(of: index)] = newValue }
    }

    /// All multi-indices of `shape` in row-major order.
    static func indices(of shape: [Int]) -> [[Int]] {
        var result: [[Int]] = []
        result.reserveCapacity(shape.elementCount)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<shape.elementCount {
            result.append(index)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}

/// A deterministic pseudo-random generator for test inputs (SplitMix64).
struct TestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [low, high).
    mutating func uniform(_ low: Double = -1, _ high: Double = 1) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
    mutating func tensor(_ shape: [Int], _ low: Double = -1, _ high: Double = 1) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in Float(uniform(low, high)) })
    }
    /// Values bounded away from zero (|x| ≥ margin), for ops with a kink at 0.
    mutating func tensorAwayFromZero(_ shape: [Int], margin: Double = 0.1) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in
            let m = uniform(margin, 1)
            return Float(next() & 1 == 0 ? m : -m)
        })
    }
}
