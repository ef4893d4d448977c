/// A dense, contiguous, row-major tensor of `Float` scalars with value semantics.
///
/// Images are laid out NCHW (batch, channels, height, width). Storage is a Swift array, so copies are
/// free until one of them is mutated (copy-on-write).
///
/// ```swift
/// let x = Tensor(shape: [1, 3, 2, 2], scalars: (0..<12).map(Float.init))
/// x.shape          // [1, 3, 2, 2]
/// x[0, 2, 1, 0]    // 10
/// ```
public struct Tensor: Sendable, Equatable {
    /// Extent of each axis, outermost first. A scalar has shape `[]`.
    public private(set) var shape: [Int]
    /// The scalars in row-major order; `scalars.count == shape.product`.
    public var scalars: [Float]

    /// Creates a tensor; `scalars.count` must equal the product of `shape`.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(scalars.count == shape.elementCount,
                     "shape \(shape) needs \(shape.elementCount) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.elementCount))
    }

    /// A zero tensor.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A rank-0 tensor holding one value.
    public init(scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    /// A tensor whose storage is written once by `fill`, without zero-initialising it first.
    /// `fill` must write every one of the `shape.elementCount` scalars.
    public init(uninitializedShape shape: [Int], fill: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        let count = shape.elementCount
        self.shape = shape
        self.scalars = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try fill(buffer)
            initialized = count
        }
    }

    /// Number of axes.
    @inlinable public var rank: Int { shape.count }
    /// Number of scalars.
    @inlinable public var count: Int { scalars.count }

    /// The only scalar of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "tensor of shape \(shape) is not a scalar")
        return scalars[0]
    }

    /// Element access by a full multi-index.
    public subscript(indices: Int...) -> Float {
        get { scalars[shape.offset(of: indices)] }
        set { scalars[shape.offset(of: indices)] = newValue }
    }

    /// The same scalars viewed with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Applies `transform` to every scalar.
    @inlinable
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    /// Applies `transform` to every scalar, in fixed chunks of 32,768 scalars spread over the cores
    /// (the kernel of the elementwise activations).
    public func parallelMap(_ transform: @escaping @Sendable (Float) -> Float) -> Tensor {
        guard count > 0 else { return self }
        return Tensor(uninitializedShape: shape) { out in
            let destination = SharedPointer(out.baseAddress!)
            scalars.withUnsafeBufferPointer { xp in
                let source = SharedConstPointer(xp.baseAddress!)
                let chunks = Parallel.ranges(out.count, chunk: 32_768)
                Parallel.forEach(chunks.count) { c in
                    for i in chunks[c] { destination[i] = transform(source[i]) }
                }
            }
        }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

import Foundation
