import INVEngine

/// Padding and resampling: `Pad`, `Resize`, and its predecessor `Upsample` (opsets 7–9).
extension ONNXOps {
    /// `Pad(data)`: pads as `[x1_begin, x2_begin, …, x1_end, x2_end, …]` — the attribute `paddings`
    /// (opset 1), `pads` (opsets 2–10) or input 1 (from 11, with `constant_value` as input 2 and,
    /// from 18, `axes` as input 3); `mode` "constant" (default), "reflect" or "edge". Negative pads
    /// crop.
    static func Pad(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "data")
        var pads: [Int]
        let value: Float
        if n.opset < 11 {
            guard let attribute = try n.ints(n.opset < 2 ? "paddings" : "pads") else {
                throw n.invalid(n.opset < 2 ? "paddings" : "pads", "is required before opset 11")
            }
            pads = attribute
            value = try n.float("value", default: 0)
        } else {
            pads = try n.constant(1, "pads").intValues
            value = try n.optionalConstant(2, "constant_value")?.floats.scalars.first ?? 0
            if let listed = try n.optionalInts(3, "axes") {
                let axes = try self.axes(n, listed, rank: x.rank)
                guard pads.count == 2 * axes.count else { throw n.unsupported("pads \(pads) do not match axes \(listed)") }
                var full = [Int](repeating: 0, count: 2 * x.rank)
                for (i, axis) in axes.enumerated() { (full[axis], full[axis + x.rank]) = (pads[i], pads[i + axes.count]) }
                pads = full
            }
        }
        guard pads.count == 2 * x.rank else { throw n.unsupported("pads \(pads) need \(2 * x.rank) values for input \(x.shape)") }
        let mode: INVEngine.Pad.Mode
        switch try n.string("mode", default: "constant") {
        case "constant": mode = .constant
        case "reflect": mode = .reflect
        case "edge": mode = .edge
        case let other: throw n.invalid("mode", "is '\(other)', expected constant, reflect or edge")
        }
        if pads.allSatisfy({ $0 == 0 }) { return [x] }
        return [try n.apply(INVEngine.Pad(pads: pads, mode: mode, value: value), x)]
    }

    /// `Resize(X, roi, scales, sizes)` of the two spatial axes of `[N, C, H, W]`.
    ///
    /// Opset 10 has inputs `X, scales` and resamples like `Upsample` (asymmetric coordinates,
    /// nearest = floor). From opset 11: `mode` "nearest" (default) or "linear";
    /// `coordinate_transformation_mode` "half_pixel" (default), "pytorch_half_pixel",
    /// "align_corners" or "asymmetric"; `nearest_mode` "round_prefer_floor" (default),
    /// "round_prefer_ceil", "floor" or "ceil". The output size is `sizes`, else `⌊extent · scale⌋`
    /// with sampling positions from the scales themselves. Cubic mode, `tf_crop_and_resize`,
    /// `antialias` and non-stretching `keep_aspect_ratio_policy` are not supported.
    static func Resize(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        if n.opset < 11 {
            let scales = try n.constant(1, "scales").floats.scalars
            return [try resample(n, x, mode: try n.string("mode", default: "nearest"), scales: scales, sizes: nil,
                                 coordinates: .asymmetric, nearest: .floor)]
        }
        let coordinateMode = try n.string("coordinate_transformation_mode", default: "half_pixel")
        let nearestMode = try n.string("nearest_mode", default: "round_prefer_floor")
        let mode = try n.string("mode", default: "nearest")
        for attribute in ["cubic_coeff_a", "extrapolation_value"] { n.ignore(attribute) }  // cubic / crop-and-resize only
        if try n.int("exclude_outside", default: 0) != 0 { throw n.invalid("exclude_outside", "is 1; only used by cubic mode, which is not supported") }
        if try n.int("antialias", default: 0) != 0 { throw n.invalid("antialias", "is 1; antialiased resizing is not supported") }
        if try n.ints("axes") != nil { throw n.invalid("axes", "is not supported; give scales or sizes for all axes") }
        let policy = try n.string("keep_aspect_ratio_policy", default: "stretch")
        let coordinates: INVEngine.Resize.CoordinateTransform
        switch coordinateMode {
        case "half_pixel": coordinates = .halfPixel
        case "pytorch_half_pixel": coordinates = .pytorchHalfPixel
        case "align_corners": coordinates = .alignCorners
        case "asymmetric": coordinates = .asymmetric
        default: throw n.invalid("coordinate_transformation_mode", "is '\(coordinateMode)', expected half_pixel, pytorch_half_pixel, align_corners or asymmetric")
        }
        let nearest: INVEngine.Resize.NearestRounding
        switch nearestMode {
        case "round_prefer_floor": nearest = .roundPreferFloor
        case "round_prefer_ceil": nearest = .roundPreferCeil
        case "floor": nearest = .floor
        case "ceil": nearest = .ceil
        default: throw n.invalid("nearest_mode", "is '\(nearestMode)', expected round_prefer_floor, round_prefer_ceil, floor or ceil")
        }
        let scales = try n.optionalConstant(2, "scales").map(\.floats.scalars).flatMap { $0.isEmpty ? nil : $0 }
        let sizes = try n.optionalInts(3, "sizes").flatMap { $0.isEmpty ? nil : $0 }
        if sizes != nil && policy != "stretch" { throw n.invalid("keep_aspect_ratio_policy", "is '\(policy)'; only 'stretch' is supported") }
        return [try resample(n, x, mode: mode, scales: scales, sizes: sizes, coordinates: coordinates, nearest: nearest)]
    }

    /// `Upsample(X, scales)` (opsets 7–9; `scales` is an attribute in 7 and input 1 from 9):
    /// `mode` "nearest" (default) or "linear"/"bilinear", asymmetric coordinates, nearest = floor.
    static func Upsample(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        let scales = n.opset < 9 ? try n.floats("scales") : try n.constant(1, "scales").floats.scalars
        guard let scales else { throw n.invalid("scales", "is required before opset 9") }
        var mode = try n.string("mode", default: "nearest")
        if mode == "bilinear" { mode = "linear" }
        return [try resample(n, x, mode: mode, scales: scales, sizes: nil, coordinates: .asymmetric, nearest: .floor)]
    }

    // MARK: Helpers

    private static func resample(_ n: NodeContext, _ x: ImportValue, mode: String, scales: [Float]?, sizes: [Int]?,
                                 coordinates: INVEngine.Resize.CoordinateTransform, nearest: INVEngine.Resize.NearestRounding) throws -> ImportValue {
        let kind: INVEngine.Resize.Mode
        switch mode {
        case "nearest": kind = .nearest
        case "linear": kind = .linear
        default: throw n.invalid("mode", "is '\(mode)'; only nearest and linear are supported")
        }
        let output: [Int]
        if let sizes {
            output = sizes
        } else if let scales {
            guard scales.count == x.rank, scales.allSatisfy({ $0 > 0 }) else {
                throw n.unsupported("scales \(scales) need one positive value per axis of \(x.shape)")
            }
            output = zip(x.shape, scales).map { Int((Float($0) * $1).rounded(.down)) }
        } else {
            throw n.unsupported("needs scales or sizes")
        }
        guard x.rank == 4, output.count == 4, output[0] == x.shape[0], output[1] == x.shape[1] else {
            throw n.unsupported("only the spatial axes of [N, C, H, W] can be resized (input \(x.shape), output \(output))")
        }
        if output == x.shape && (scales ?? [1, 1, 1, 1]).allSatisfy({ $0 == 1 }) { return x }
        let op = INVEngine.Resize(mode: kind, outputSize: [output[2], output[3]], coordinates: coordinates, nearest: nearest,
                                  scales: scales.map { [$0[2], $0[3]] })
        return try n.apply(op, x)
    }
}
