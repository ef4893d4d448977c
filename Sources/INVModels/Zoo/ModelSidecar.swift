import Foundation

/// The small JSON config that sits next to an ONNX file (`model.onnx` → `model.json`) and says how to
/// feed it: input size, preprocessing, and where the class names are.
///
/// Example (the default model, `efficientnet-lite0.json`):
/// ```json
/// {
///   "name" : "efficientnet-lite0",
///   "onnx" : "efficientnet-lite0.onnx",
///   "input" : { "name" : "input", "channels" : 3, "height" : 224, "width" : 224, "colorOrder" : "RGB" },
///   "output" : "logits",
///   "preprocessing" : { "resizeShortSide" : 256, "resampling" : "bicubic", "centerCrop" : 224,
///                       "mean" : [127, 127, 127], "std" : [128, 128, 128] },
///   "classNames" : "imagenet-classes.txt",
///   "source" : "…", "converter" : "…"
/// }
/// ```
/// `mean` and `std` apply per channel to pixel values on the 0…255 scale: x = (pixel − mean) / std.
/// Paths are relative to the folder of the JSON file.
public struct ModelSidecar: Codable, Sendable, Equatable {
    public struct Input: Codable, Sendable, Equatable {
        /// The ONNX graph input to feed.
        public var name: String
        public var channels: Int
        public var height: Int
        public var width: Int
        /// Channel order of the input, `RGB` or `BGR`.
        public var colorOrder: String
    }

    public struct Preprocessing: Codable, Sendable, Equatable {
        /// The image is first resized so that its shorter side has this many pixels, keeping its aspect.
        public var resizeShortSide: Int
        /// `bicubic` or `bilinear`.
        public var resampling: String
        /// Then the centre square of this side is cut out.
        public var centerCrop: Int
        /// Per-channel mean and standard deviation on 0…255 pixel values.
        public var mean: [Float]
        public var std: [Float]
    }

    public var name: String
    /// The ONNX file, relative to the sidecar's folder.
    public var onnx: String
    public var input: Input
    /// The ONNX graph output holding the class logits.
    public var output: String
    public var preprocessing: Preprocessing
    /// A text file with one class name per line (line n = class n), relative to the sidecar's folder.
    public var classNames: String
    /// Where the weights came from.
    public var source: String
    /// The converter that wrote the ONNX file; a cached model made by another converter is rebuilt.
    public var converter: String

    /// Writes the sidecar as pretty-printed JSON with sorted keys.
    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try ModelCache.writeAtomically(try encoder.encode(self), to: url)
    }

    /// Reads the sidecar at `url`.
    public static func load(contentsOf url: URL) throws -> ModelSidecar {
        do {
            return try JSONDecoder().decode(ModelSidecar.self, from: Data(contentsOf: url))
        } catch {
            throw ModelFetchError.unexpectedContent(path: url.path, reason: "not a model sidecar: \(error)")
        }
    }
}
