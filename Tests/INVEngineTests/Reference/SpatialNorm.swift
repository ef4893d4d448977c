import Foundation
@testable import INVEngine

extension SpatialReference {
    /// `scale · (x − mean) / √(variance + ε) + bias`, channels on axis 1.
    static func batchNorm(_ x: DTensor, scale: DTensor, bias: DTensor, mean: DTensor, variance: DTensor, epsilon: Double) -> DTensor {
        let channels = x.shape[1], size = x.shape.dropFirst(2).reduce(1, *)
        var y = x
        for i in 0..<x.count {
            let c = i / size % channels
            y.values[i] = scale.values[c] * (x.values[i] - mean.values[c]) / (variance.values[c] + epsilon).squareRoot() + bias.values[c]
        }
        return y
    }
}
