import Testing
@testable import INVEngine

@Suite("Spatial: batch norm, pad, resize")
struct SpatialNormPadResizeTests {
    @Test("batch norm matches the reference for x and every per-channel input", arguments: [[2, 3, 4, 5], [3, 4], [1, 2, 6]])
    func batchNorm(_ shape: [Int]) throws {
        var random = TestRandom(seed: 21)
        let c = shape[1]
        let inputs = [random.tensor(shape), random.tensor([c]), random.tensor([c]), random.tensor([c]), random.tensor([c], 0.2, 2)]
        try checkOp(BatchNorm(epsilon: 1e-3), inputs) { d in
            SpatialReference.batchNorm(d[0], scale: d[1], bias: d[2], mean: d[3], variance: d[4], epsilon: Double(Float(1e-3)))
        }
    }

    @Test("batch norm rejects mismatched statistics")
    func batchNormErrors() {
        let x = Tensor.zeros([1, 3, 2, 2]), s = Tensor.zeros([3])
        #expect(throws: ShapeError.self) { try BatchNorm().forward([x, s, s, s, Tensor.zeros([2])]) }
        #expect(throws: ShapeError.self) { try BatchNorm().forward([x, s, s, s]) }
    }

    @Test("pad matches the reference", arguments: Pad.Mode.allCases)
    func pad(_ mode: Pad.Mode) throws {
        var random = TestRandom(seed: 8)
        let cases: [([Int], [Int])] = [
            ([2, 3, 4, 5], [0, 0, 1, 2, 0, 0, 2, 1]),          // NCHW, asymmetric spatial pads
            ([1, 2, 3, 4], [0, 1, 0, 0, 0, 0, 3, 0]),          // channel padding, long reflection (pad > size − 1)
            ([2, 3, 6, 5], [0, 0, -1, 2, 0, 0, 1, -2]),        // cropping on one side, padding on the other
            ([3, 1], [2, 0, 1, 3]),                            // size-1 axis
        ]
        for (shape, pads) in cases {
            try checkOp(Pad(pads: pads, mode: mode, value: 0.5), [random.tensor(shape)]) { d in
                SpatialReference.pad(d[0], pads: pads, mode: mode, value: 0.5)
            }
        }
    }

    @Test("pad by hand: ONNX examples")
    func padByHand() throws {
        let x = Tensor(shape: [3, 2], scalars: [1.0, 1.2, 2.3, 3.4, 4.5, 5.7])
        let expected: [(Pad.Mode, [Float])] = [
            (.reflect, [1.0, 1.2, 1.0, 1.2, 2.3, 3.4, 2.3, 3.4, 4.5, 5.7, 4.5, 5.7]),
            (.edge, [1.0, 1.0, 1.0, 1.2, 2.3, 2.3, 2.3, 3.4, 4.5, 4.5, 4.5, 5.7]),
            (.constant, [0, 0, 1.0, 1.2, 0, 0, 2.3, 3.4, 0, 0, 4.5, 5.7]),
        ]
        for (mode, values) in expected {
            expectClose(try Pad(pads: [0, 2, 0, 0], mode: mode).forward([x]), Tensor(shape: [3, 4], scalars: values), "\(mode)")
        }
        let row = Tensor(shape: [3], scalars: [1, 2, 3])
        expectClose(try Pad(pads: [2, -1], mode: .reflect).forward([row]), Tensor(shape: [4], scalars: [3, 2, 1, 2]), "reflect + crop")
    }

    @Test("pad rejects bad pads")
    func padErrors() {
        #expect(throws: ShapeError.self) { try Pad(pads: [1, 1]).forward([Tensor.zeros([2, 2])]) }
        #expect(throws: ShapeError.self) { try Pad(pads: [-3, 0]).forward([Tensor.zeros([2])]) }
        #expect(throws: ShapeError.self) { try Pad(pads: [1, 0], mode: .edge).forward([Tensor.zeros([0])]) }
    }

    static let resizeSizes: [([Int], [Int])] = [([2, 3, 4, 5], [7, 9]), ([1, 2, 6, 7], [3, 2]), ([1, 1, 5, 3], [1, 6])]

    @Test("linear resize matches the reference", arguments: Resize.CoordinateTransform.allCases)
    func linearResize(_ coordinates: Resize.CoordinateTransform) throws {
        var random = TestRandom(seed: 13)
        for (shape, size) in Self.resizeSizes {
            try checkOp(Resize(mode: .linear, outputSize: size, coordinates: coordinates), [random.tensor(shape)]) { d in
                SpatialReference.resize(d[0], mode: .linear, outputSize: size, coordinates: coordinates, nearest: .floor)
            }
        }
    }

    @Test("nearest resize matches the reference", arguments: Resize.NearestRounding.allCases)
    func nearestResize(_ rounding: Resize.NearestRounding) throws {
        var random = TestRandom(seed: 17)
        for coordinates in Resize.CoordinateTransform.allCases {
            for (shape, size) in Self.resizeSizes + [([1, 1, 4, 4], [8, 8])] {
                let op = Resize(mode: .nearest, outputSize: size, coordinates: coordinates, nearest: rounding)
                try checkOp(op, [random.tensor(shape)]) { d in
                    SpatialReference.resize(d[0], mode: .nearest, outputSize: size, coordinates: coordinates, nearest: rounding)
                }
            }
        }
    }

    @Test("resize by hand: PyTorch bilinear and ONNX nearest examples")
    func resizeByHand() throws {
        let x = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        // torch.nn.functional.interpolate(x, size=4, mode="bilinear", align_corners=False / True)
        expectClose(try Resize(mode: .linear, outputSize: [4, 4]).forward([x]),
                    Tensor(shape: [1, 1, 4, 4], scalars: [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5,
                                                          2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]), "half-pixel bilinear")
        let third: Float = 1 / 3
        expectClose(try Resize(mode: .linear, outputSize: [4, 4], coordinates: .alignCorners).forward([x]),
                    Tensor(shape: [1, 1, 4, 4], scalars: [1, 1 + third, 2 - third, 2, 1 + 2 * third, 2, 2 + third, 2 + 2 * third,
                                                          3 - 2 * third, 3 - third, 3, 3 + third, 3, 3 + third, 4 - third, 4]),
                    "align-corners bilinear")
        // ONNX backend test resize_downsample_scales_nearest: scales 0.6, half-pixel, round_prefer_floor.
        let x24 = Tensor(shape: [1, 1, 2, 4], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        expectClose(try Resize(mode: .nearest, outputSize: [1, 2], scales: [0.6, 0.6]).forward([x24]),
                    Tensor(shape: [1, 1, 1, 2], scalars: [1, 3]), "downsample by scales")
        // ONNX backend test resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric, first row.
        let x44 = Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map(Float.init))
        let up = try Resize(mode: .nearest, outputSize: [8, 8], coordinates: .asymmetric, nearest: .roundPreferCeil).forward([x44])
        expectClose(Tensor(shape: [8], scalars: Array(up.scalars[0..<8])), Tensor(shape: [8], scalars: [1, 2, 2, 3, 3, 4, 4, 4]),
                    "round_prefer_ceil asymmetric")
    }

    @Test("resize rejects bad sizes")
    func resizeErrors() {
        #expect(throws: ShapeError.self) { try Resize(mode: .linear, outputSize: [4]).forward([Tensor.zeros([1, 1, 2, 2])]) }
        #expect(throws: ShapeError.self) { try Resize(mode: .linear, outputSize: [4, 4], scales: [0, 1]).forward([Tensor.zeros([1, 1, 2, 2])]) }
        #expect(throws: ShapeError.self) { try Resize(mode: .nearest, outputSize: [2, 2]).forward([Tensor.zeros([3])]) }
    }
}
