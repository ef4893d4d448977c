import INVEngine

/// Pooling on 1-D and 2-D inputs: `MaxPool`, `AveragePool`, `GlobalAveragePool`, `GlobalMaxPool`.
/// Window attributes as in `Conv` (see ``ONNXOps/Window``); `ceil_mode` from opset 10.
extension ONNXOps {
    /// `MaxPool(X)`: `dilations` from opset 10; `storage_order` only matters for the `Indices`
    /// output, which is not supported.
    static func MaxPool(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        let kernel = try poolKernel(n, x)
        let ceilMode = try n.int("ceil_mode", default: 0) != 0
        n.ignore("storage_order")
        let window = try Window(n, spatial: Array(x.shape[2...]), kernel: kernel)
        let pool = INVEngine.MaxPool2D(kernel: window.kernel, strides: window.strides, pads: window.pads,
                                       dilations: window.dilations, ceilMode: ceilMode)
        return [try spatial2D(n, x) { try n.apply(pool, $0) }]
    }

    /// `AveragePool(X)`: `count_include_pad` (opset 7, default 0) decides whether padding counts
    /// in the divisor; `dilations` (opset 19) must be 1.
    static func AveragePool(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        let kernel = try poolKernel(n, x)
        let ceilMode = try n.int("ceil_mode", default: 0) != 0
        let countIncludePad = try n.int("count_include_pad", default: 0) != 0
        if let dilations = try n.ints("dilations"), dilations.contains(where: { $0 != 1 }) {
            throw n.invalid("dilations", "is \(dilations); dilated average pooling is not supported")
        }
        let window = try Window(n, spatial: Array(x.shape[2...]), kernel: kernel, hasDilations: false)
        let pool = INVEngine.AveragePool2D(kernel: window.kernel, strides: window.strides, pads: window.pads,
                                           countIncludePad: countIncludePad, ceilMode: ceilMode)
        return [try spatial2D(n, x) { try n.apply(pool, $0) }]
    }

    /// `GlobalAveragePool(X)`: the mean over all spatial axes, keeping them with extent 1.
    static func GlobalAveragePool(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        guard x.rank >= 3 else { throw n.unsupported("needs [N, C, spatial…], got \(x.shape)") }
        if x.rank == 4 { return [try n.apply(INVEngine.GlobalAveragePool(), x)] }
        return [try n.apply(Reduce(kind: .mean, axes: Array(2..<x.rank), keepDims: true), x)]
    }

    /// `GlobalMaxPool(X)`: the maximum over all spatial axes, as a max pool whose window is the
    /// whole (flattened) plane.
    static func GlobalMaxPool(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        guard x.rank >= 3 else { throw n.unsupported("needs [N, C, spatial…], got \(x.shape)") }
        let plane = x.shape[2...].reduce(1, *)
        let flat = try reshape(n, x, [x.shape[0], x.shape[1], 1, plane])
        let pooled = try n.apply(INVEngine.MaxPool2D(kernel: Size2D(1, plane), strides: 1, pads: .zero, dilations: 1, ceilMode: false), flat)
        return [try reshape(n, pooled, [x.shape[0], x.shape[1]] + [Int](repeating: 1, count: x.rank - 2))]
    }

    // MARK: Helpers

    private static func poolKernel(_ n: NodeContext, _ x: ImportValue) throws -> [Int] {
        guard x.rank == 3 || x.rank == 4 else {
            throw n.unsupported("only 1-D and 2-D pooling is supported, input has shape \(x.shape)")
        }
        guard let kernel = try n.ints("kernel_shape") else { throw n.invalid("kernel_shape", "is required") }
        return kernel
    }

    /// Runs a 2-D op on a 1-D (`[N, C, L]` → `[N, C, 1, L]`) or 2-D input.
    private static func spatial2D(_ n: NodeContext, _ x: ImportValue, _ body: (ImportValue) throws -> ImportValue) throws -> ImportValue {
        if x.rank == 4 { return try body(x) }
        let y = try body(try reshape(n, x, [x.shape[0], x.shape[1], 1, x.shape[2]]))
        return try reshape(n, y, [y.shape[0], y.shape[1], y.shape[3]])
    }
}
