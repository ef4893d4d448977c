import Foundation
@testable import INVEngine

extension SpatialReference {
    /// ONNX `Pad`: `pads` = begins then ends; out-of-range positions read `value`, bounce off the
    /// ends (reflect, edge not repeated) or stick to them (edge).
    static func pad(_ x: DTensor, pads: [Int], mode: Pad.Mode, value: Double) -> DTensor {
        let rank = x.shape.count
        let shape = (0..<rank).map { x.shape[$0] + pads[$0] + pads[rank + $0] }
        var y = DTensor(repeating: value, shape: shape)
        for index in DTensor.indices(of: shape) {
            var source: [Int] = []
            for axis in 0..<rank {
                let n = x.shape[axis]
                var i = index[axis] - pads[axis]
                switch mode {
                case .constant: break
                case .edge: i = min(max(i, 0), n - 1)
                case .reflect:
                    while n > 1 && (i < 0 || i >= n) { i = i < 0 ? -i : 2 * (n - 1) - i }
                    if n == 1 { i = 0 }
                }
                source.append(i)
            }
            if zip(source, x.shape).allSatisfy({ $0 >= 0 && $0 < $1 }) { y[index] = x[source] }
        }
        return y
    }

    /// ONNX `Resize` on the last two axes, one output pixel at a time.
    static func resize(_ x: DTensor, mode: Resize.Mode, outputSize: [Int], coordinates: Resize.CoordinateTransform,
                       nearest: Resize.NearestRounding, scales: [Double]? = nil) -> DTensor {
        let rank = x.shape.count
        let (h, w) = (x.shape[rank - 2], x.shape[rank - 1])
        let (oh, ow) = (outputSize[0], outputSize[1])
        let planes = x.count / (h * w)
        func original(_ o: Int, input: Int, output: Int, scale: Double) -> Double {
            switch coordinates {
            case .halfPixel: return (Double(o) + 0.5) / scale - 0.5
            case .pytorchHalfPixel: return output > 1 ? (Double(o) + 0.5) / scale - 0.5 : 0
            case .alignCorners: return output == 1 ? 0 : Double(o) * Double(input - 1) / Double(output - 1)
            case .asymmetric: return Double(o) / scale
            }
        }
        func round(_ v: Double) -> Int {
            let f = Foundation.floor(v)
            switch nearest {
            case .floor: return Int(f)
            case .ceil: return Int(Foundation.ceil(v))
            case .roundPreferFloor: return v - f == 0.5 ? Int(f) : Int(Foundation.round(v))
            case .roundPreferCeil: return v - f == 0.5 ? Int(f) + 1 : Int(Foundation.round(v))
            }
        }
        var y = DTensor(repeating: 0, shape: Array(x.shape.dropLast(2)) + [oh, ow])
        for p in 0..<planes {
            func at(_ r: Int, _ c: Int) -> Double { x.values[(p * h + r) * w + c] }
            for r in 0..<oh {
                let cy = original(r, input: h, output: oh, scale: scales?[0] ?? Double(oh) / Double(h))
                for c in 0..<ow {
                    let cx = original(c, input: w, output: ow, scale: scales?[1] ?? Double(ow) / Double(w))
                    let value: Double
                    switch mode {
                    case .nearest:
                        value = at(min(max(round(cy), 0), h - 1), min(max(round(cx), 0), w - 1))
                    case .linear:
                        let (yy, xx) = (min(max(cy, 0), Double(h - 1)), min(max(cx, 0), Double(w - 1)))
                        let (y0, x0) = (Int(Foundation.floor(yy)), Int(Foundation.floor(xx)))
                        let (y1, x1) = (min(y0 + 1, h - 1), min(x0 + 1, w - 1))
                        let (fy, fx) = (yy - Double(y0), xx - Double(x0))
                        value = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) + fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1))
                    }
                    y.values[(p * oh + r) * ow + c] = value
                }
            }
        }
        return y
    }
}
