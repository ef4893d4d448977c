import Foundation
import Testing
@testable import INVEngine

/// A tiny MobileNet-like classifier: conv (stride 2, TF SAME pads) → batch norm → ReLU6 →
/// depthwise conv → global average pool → fully connected.
struct TinyNet {
    let conv: Tensor, convBias: Tensor
    let bn: [Tensor]  // scale, bias, mean, variance
    let depthwise: Tensor, fc: Tensor

    static let stemPads = Padding2D(top: 0, left: 0, bottom: 1, right: 1)

    init(channels: Int = 8, classes: Int = 5, seed: UInt64) {
        var random = TestRandom(seed: seed)
        conv = random.tensor([channels, 3, 3, 3])
        convBias = random.tensor([channels])
        bn = [random.tensor([channels], 2, 5), random.tensor([channels], -1, 3), random.tensor([channels], -0.5, 0.5),
              random.tensor([channels], 0.5, 1.5)]
        depthwise = random.tensor([channels, 1, 3, 3])
        fc = random.tensor([channels, classes])
    }

    /// Records the net on `tape`; returns the logits `[N, classes]`.
    func logits(_ x: Variable, on tape: Tape) throws -> Variable {
        let channels = conv.shape[0], batch = tape[x].shape[0]
        var h = try tape.apply(Conv2D(strides: 2, pads: Self.stemPads), x, tape.constant(conv), tape.constant(convBias))
        h = try tape.apply(BatchNorm(), [h] + bn.map(tape.constant))
        h = try tape.apply(Clip(min: 0, max: 6), h)
        h = try tape.apply(Conv2D(pads: .uniform(1), groups: channels), h, tape.constant(depthwise))
        h = try tape.apply(GlobalAveragePool(), h)
        h = try tape.apply(Reshape(shape: [batch, channels]), h)
        return try tape.apply(MatMul(), h, tape.constant(fc))
    }

    /// The same net composed from the Float64 reference kernels.
    func referenceLogits(_ x: DTensor) -> DTensor {
        let channels = conv.shape[0], classes = fc.shape[1], batch = x.shape[0]
        var h = SpatialReference.conv2d(x, DTensor(conv), DTensor(convBias), strides: 2, pads: Self.stemPads)
        h = SpatialReference.batchNorm(h, scale: DTensor(bn[0]), bias: DTensor(bn[1]), mean: DTensor(bn[2]),
                                       variance: DTensor(bn[3]), epsilon: Double(Float(1e-5)))
        h.values = h.values.map { min(max($0, 0), 6) }
        h = SpatialReference.conv2d(h, DTensor(depthwise), nil, pads: .uniform(1), groups: channels)
        h = SpatialReference.globalAveragePool(h)
        var out = DTensor(repeating: 0, shape: [batch, classes])
        for n in 0..<batch {
            for k in 0..<classes {
                for c in 0..<channels { out.values[n * classes + k] += h.values[n * channels + c] * Double(fc.scalars[c * classes + k]) }
            }
        }
        return out
    }
}

@Suite("Spatial: networks")
struct SpatialNetTests {
    @Test("input gradients of a tiny conv net on a tape equal finite differences of the Float64 composition")
    func tinyNetGradient() throws {
        let net = TinyNet(seed: 31)
        var random = TestRandom(seed: 32)
        let x = random.tensor([2, 3, 8, 8])
        let seed = Tensor(shape: [2, 5], scalars: [0, 0, 0, 0, 0, 0, 0, 1, 0, 0])   // logit 2 of image 1
        let (logits, gradient) = try withTape { tape in
            let input = tape.variable(x)
            let out = try net.logits(input, on: tape)
            return (tape[out], try tape.gradients(of: out, seed: seed, withRespectTo: [input])[0])
        }
        let reference = net.referenceLogits(DTensor(x))
        expectClose(logits.scalars.map(Double.init), reference.values, rtol: 1e-4, atol: 1e-5, "tiny net logits")
        var numeric: [Double] = []
        let eps = 1e-6
        for i in 0..<x.count {
            var plus = DTensor(x), minus = DTensor(x)
            plus.values[i] += eps
            minus.values[i] -= eps
            numeric.append((net.referenceLogits(plus).values[7] - net.referenceLogits(minus).values[7]) / (2 * eps))
        }
        expectClose(gradient.scalars.map(Double.init), numeric, rtol: 1e-3, atol: 1e-5, "tiny net ∂logit/∂x")
    }

    @Test("the tiny net's ReLU6 both clips and zeroes some activations")
    func reluSixIsExercised() throws {
        let net = TinyNet(seed: 31)
        var random = TestRandom(seed: 32)
        let x = DTensor(random.tensor([2, 3, 8, 8]))
        var h = SpatialReference.conv2d(x, DTensor(net.conv), DTensor(net.convBias), strides: 2, pads: TinyNet.stemPads)
        h = SpatialReference.batchNorm(h, scale: DTensor(net.bn[0]), bias: DTensor(net.bn[1]), mean: DTensor(net.bn[2]),
                                       variance: DTensor(net.bn[3]), epsilon: 1e-5)
        #expect(h.values.contains { $0 < 0 } && h.values.contains { $0 > 6 } && h.values.contains { $0 > 0 && $0 < 6 })
    }
}
