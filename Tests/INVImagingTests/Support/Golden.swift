import Foundation
import Testing
@testable import INVImaging

/// Golden reference data written by `Golden/make_golden.py` (Pillow, scipy, matplotlib; versions
/// pinned in the script and recorded in each file's "generator" field).
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func load<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(name)))
    }

    struct ImageData: Decodable {
        let width: Int, height: Int, channels: Int
        let pixels: [Float]
        func image() throws -> Image { try Image(width: width, height: height, channels: channels, pixels: pixels) }
    }

    struct MapData: Decodable {
        let width: Int, height: Int
        let values: [Float]
        func map() throws -> FloatMap { try FloatMap(width: width, height: height, values: values) }
    }

    /// `resize.json`: one RGB source resized by PIL in float ("F") and 8-bit ("RGB") modes.
    struct Resize: Decodable {
        struct Case: Decodable {
            let filter: String, width: Int, height: Int
            let float: [Float], uint8: [Float]
        }
        let source: ImageData
        let cases: [Case]
    }

    /// `upsample.json`: a 7×7 map enlarged by PIL bilinear (mode "F").
    struct Upsample: Decodable {
        let map: MapData, upsampled: MapData
    }

    /// `blur.json`: scipy.ndimage.gaussian_filter of a map (several σ, truncate) and an RGB image.
    struct Blur: Decodable {
        struct Case: Decodable { let sigma: Float, truncate: Float, values: [Float] }
        struct ImageCase: Decodable {
            let width: Int, height: Int, channels: Int, pixels: [Float]
            let sigma: Float, truncate: Float, blurred: [Float]
        }
        let map: MapData
        let cases: [Case]
        let image: ImageCase
    }

    /// `colormaps.json`: matplotlib tables and lookups of float32 samples.
    struct Colormaps: Decodable {
        struct Entry: Decodable { let name: String, table: [Float], sampled: [Float] }
        let samples: [Float]
        let colormaps: [Entry]
    }

    /// `decode.json`: expected planar pixels of each fixture file.
    struct Decode: Decodable {
        struct Fixture: Decodable {
            let file: String, width: Int, height: Int, channels: Int
            let pixels: [Float], tolerance: Float
        }
        let fixtures: [Fixture]
    }
}
