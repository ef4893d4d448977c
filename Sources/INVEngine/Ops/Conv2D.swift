/// 2-D convolution (cross-correlation, as in every deep-learning framework; ONNX `Conv`).
///
/// Inputs: `x` `[N, C, H, W]`, `w` `[M, C/groups, kh, kw]` and an optional bias `[M]`. Output
/// `[N, M, outH, outW]` with `outH = ⌊(H + top + bottom − ((kh − 1)·dilation + 1)) / stride⌋ + 1`
/// (likewise for the width), and
///
///     y[n, m, ho, wo] = b[m] + Σ_{c, i, j} w[m, c, i, j] · x[n, g·C/groups + c, ho·sh − top + i·dh, wo·sw − left + j·dw]
///
/// where `g = m / (M/groups)` and positions in the padding read 0. Pads may differ per side
/// (TensorFlow `SAME` at stride 2 pads `(top 0, left 0, bottom 1, right 1)`).
///
/// ```swift
/// let conv = Conv2D(strides: 2, pads: Padding2D(top: 0, left: 0, bottom: 1, right: 1))
/// let y = try conv.forward([x /* [1, 3, 224, 224] */, w /* [32, 3, 3, 3] */])   // [1, 32, 112, 112]
/// ```
///
/// Kernels: a 1×1 stride-1 unpadded convolution is one `sgemm` per group on the input planes;
/// depthwise (groups == C == M) runs a direct kernel; anything else unfolds cache-sized column tiles
/// (im2col) and multiplies them with `sgemm`. Work is spread over the batch, and for a single image
/// over fixed column tiles or output-channel blocks (see `ConvPlan`), so results are bit-identical
/// for any `INV_THREADS`. The backward rule computes only the gradients asked for: the input's via
/// `Wᵀ·dY` and col2im, the weights' via `dY·colᵀ` summed over images in order, the bias's as `Σ dY`.
/// - Complexity: `2·N·M·outH·outW·(C/groups)·kh·kw` flops forward; the same for each gradient.
public struct Conv2D: Op {
    public let strides: Size2D
    public let dilations: Size2D
    public let pads: Padding2D
    public let groups: Int

    public init(strides: Size2D = 1, dilations: Size2D = 1, pads: Padding2D = .zero, groups: Int = 1) {
        self.strides = strides
        self.dilations = dilations
        self.pads = pads
        self.groups = groups
    }

    public var name: String { "conv2d" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let g = try geometry(inputs)
        let (x, w) = (inputs[0], inputs[1])
        let shape = [g.batch, g.outChannels, g.outHeight, g.outWidth]
        guard shape.elementCount > 0 else { return Tensor.zeros(shape) }
        let plan = g.isDepthwise ? nil : ConvPlan(g)
        return Tensor(uninitializedShape: shape) { out in
            let y = SharedPointer(out.baseAddress!)
            withPointers(x, w, inputs.count > 2 ? inputs[2] : nil) { xp, wp, bp in
                if let plan {
                    ConvGEMM.forward(xp, wp, bias: bp, into: y, plan: plan)
                } else {
                    Depthwise.forward(xp, wp, bias: bp, into: y, g)
                }
            }
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: Tensor, context: BackwardContext) throws -> [Tensor?] {
        let g = try geometry(inputs)
        let (x, w) = (inputs[0], inputs[1])
        guard gradient.shape == output.shape else {
            throw ShapeError(op: name, "gradient shape \(gradient.shape) differs from the output shape \(output.shape)")
        }
        let plan = g.isDepthwise ? nil : ConvPlan(g)
        var grads = [Tensor?](repeating: nil, count: inputs.count)
        guard output.count > 0 else {
            return inputs.indices.map { context.needsGradient[$0] ? Tensor.zeros(inputs[$0].shape) : nil }
        }
        gradient.scalars.withUnsafeBufferPointer { gp in
            let dy = SharedConstPointer(gp.baseAddress!)
            withPointers(x, w, nil) { xp, wp, _ in
                if context.needsGradient[0] {
                    var dx = Tensor.zeros(x.shape)
                    dx.scalars.withUnsafeMutableBufferPointer { dxp in
                        let target = SharedPointer(dxp.baseAddress!)
                        if let plan {
                            ConvGEMM.inputGradient(dy, wp, into: target, plan: plan)
                        } else {
                            Depthwise.inputGradient(dy, wp, into: target, g)
                        }
                    }
                    grads[0] = dx
                }
                if context.needsGradient[1] {
                    grads[1] = Tensor(uninitializedShape: w.shape) { dwp in
                        let target = SharedPointer(dwp.baseAddress!)
                        if let plan {
                            ConvGEMM.weightGradient(dy, xp, into: target, plan: plan)
                        } else {
                            Depthwise.weightGradient(dy, xp, into: target, g)
                        }
                    }
                }
            }
            if inputs.count > 2 && context.needsGradient[2] {
                grads[2] = Tensor(uninitializedShape: inputs[2].shape) { dbp in
                    ConvGEMM.biasGradient(dy, into: SharedPointer(dbp.baseAddress!), g)
                }
            }
        }
        return grads
    }

    /// Checks the inputs against each other and the attributes; returns the sizes of the problem.
    func geometry(_ inputs: [Tensor]) throws -> ConvGeometry {
        guard inputs.count == 2 || inputs.count == 3 else {
            throw ShapeError(op: name, "expects inputs x, w and an optional bias, got \(inputs.count) inputs")
        }
        let (x, w) = (inputs[0], inputs[1])
        guard x.rank == 4 else { throw ShapeError(op: name, "input must be [N, C, H, W], got \(x.shape)") }
        guard w.rank == 4 else { throw ShapeError(op: name, "weights must be [M, C/groups, kh, kw], got \(w.shape)") }
        let (channels, outChannels) = (x.shape[1], w.shape[0])
        guard channels > 0, x.shape[2] > 0, x.shape[3] > 0 else {
            throw ShapeError(op: name, "input \(x.shape) has no channels or an empty image")
        }
        guard groups > 0, channels % groups == 0, outChannels % groups == 0 else {
            throw ShapeError(op: name, "groups \(groups) must divide the input channels \(channels) and output channels \(outChannels)")
        }
        guard w.shape[1] == channels / groups else {
            throw ShapeError(op: name, "weights \(w.shape) need \(channels / groups) input channels per group (input \(x.shape), groups \(groups))")
        }
        if inputs.count == 3 {
            guard inputs[2].shape == [outChannels] else {
                throw ShapeError(op: name, "bias must be [\(outChannels)], got \(inputs[2].shape)")
            }
        }
        let kernel = Size2D(height: w.shape[2], width: w.shape[3])
        let (rows, columns) = try windowAxes(op: name, height: x.shape[2], width: x.shape[3], kernel: kernel,
                                             strides: strides, dilations: dilations, pads: pads)
        return ConvGeometry(batch: x.shape[0], channels: channels, outChannels: outChannels, groups: groups,
                            rows: rows, columns: columns)
    }
}

/// Calls `body` with shareable pointers to the scalars of `x`, `w` and, when present, `bias`.
private func withPointers<R>(_ x: Tensor, _ w: Tensor, _ bias: Tensor?,
                             _ body: (SharedConstPointer<Float>, SharedConstPointer<Float>, SharedConstPointer<Float>?) -> R) -> R {
    x.scalars.withUnsafeBufferPointer { xp in
        w.scalars.withUnsafeBufferPointer { wp in
            let (xs, ws) = (SharedConstPointer(xp.baseAddress!), SharedConstPointer(wp.baseAddress!))
            guard let bias else { return body(xs, ws, nil) }
            return bias.scalars.withUnsafeBufferPointer { bp in body(xs, ws, SharedConstPointer(bp.baseAddress!)) }
        }
    }
}
