/// Shape arithmetic shared by every op: element counts, strides, offsets and NumPy broadcasting.
extension Array where Element == Int {
    /// Product of the extents (1 for a scalar shape `[]`).
    @inlinable public var elementCount: Int { reduce(1, *) }

    /// Row-major strides: the last axis has stride 1.
    @inlinable public var strides: [Int] {
        var result = [Int](repeating: 1, count: count)
        var running = 1
        for axis in indices.reversed() {
            result[axis] = running
            running *= self[axis]
        }
        return result
    }

    /// Row-major offset of a full multi-index.
    public func offset(of index: [Int]) -> Int {
        precondition(index.count == count, "index \(index) has the wrong rank for shape \(self)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < self[axis], "index \(index) out of range for shape \(self)")
            offset = offset * self[axis] + i
        }
        return offset
    }
}

/// Shape errors carry the op name and both shapes, so a failing graph node can be named by its caller.
public struct ShapeError: Error, CustomStringConvertible, Equatable {
    public let op: String
    public let message: String
    public init(op: String, _ message: String) {
        self.op = op
        self.message = message
    }
    public var description: String { "\(op): \(message)" }
}

public enum Broadcast {
    /// The NumPy broadcast of two shapes: axes aligned from the right; extents must match or be 1.
    ///
    /// `Broadcast.shape([2, 1, 4], [3, 1]) == [2, 3, 4]`
    public static func shape(_ a: [Int], _ b: [Int], op: String = "broadcast") throws -> [Int] {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw ShapeError(op: op, "shapes \(a) and \(b) do not broadcast (axis \(i): \(da) vs \(db))")
            }
            result[i] = da == 1 ? db : da
        }
        return result
    }

    /// Strides for reading a tensor of shape `source` as if it had the broadcast shape `target`
    /// (stride 0 on broadcast axes).
    public static func strides(of source: [Int], in target: [Int]) -> [Int] {
        let lead = target.count - source.count
        let sourceStrides = source.strides
        return (0..<target.count).map { axis in
            axis < lead || source[axis - lead] == 1 ? 0 : sourceStrides[axis - lead]
        }
    }

    /// Sums `gradient` (of the broadcast shape) back down to `shape`, the adjoint of broadcasting.
    public static func reduce(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        if gradient.shape == shape { return gradient }
        let lead = gradient.rank - shape.count
        var axes: [Int] = Array(0..<lead)
        for (i, extent) in shape.enumerated() where extent == 1 && gradient.shape[lead + i] != 1 {
            axes.append(lead + i)
        }
        return AxisReduction.sum(gradient, axes: axes, keepDims: true).reshaped(shape)
    }
}

/// Normalises a possibly negative axis against `rank`, as ONNX and NumPy do.
@inlinable
public func normalizedAxis(_ axis: Int, rank: Int, op: String) throws -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0 && a < Swift.max(rank, 1) else {
        throw ShapeError(op: op, "axis \(axis) is out of range for rank \(rank)")
    }
    return a
}
