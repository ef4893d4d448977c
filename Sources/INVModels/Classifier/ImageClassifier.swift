import Foundation
import INVCore
import INVEngine
import INVImaging

/// A classifier ready for photos: the ONNX graph, its sidecar (input size, preprocessing) and
/// its class names. Load it by zoo name (`efficientnet-lite0`) or from a `.onnx` file with a
/// sidecar `.json` next to it (see ``ModelSidecar``).
public struct ImageClassifier: Sendable {
    /// The zoo name or the path the model was loaded from.
    public let name: String
    public let onnxURL: URL
    public let sidecar: ModelSidecar
    public let classifier: ONNXClassifier
    public let classNames: [String]

    /// Names the zoo knows.
    public static let zoo = [EfficientNetLite0Zoo.name]

    /// Loads a zoo model (fetching and converting it into the cache on first use) or an ONNX file.
    public static func load(_ model: String, cache: ModelCache = .standard()) throws -> ImageClassifier {
        let sidecarURL: URL
        if model == EfficientNetLite0Zoo.name {
            sidecarURL = try EfficientNetLite0Zoo.prepare(cache: cache).sidecar
        } else if model.hasSuffix(".onnx") || FileManager.default.fileExists(atPath: model) {
            sidecarURL = URL(fileURLWithPath: model).deletingPathExtension().appendingPathExtension("json")
            guard FileManager.default.fileExists(atPath: sidecarURL.path) else {
                throw ModelLoadError.missingSidecar(model: model, expected: sidecarURL.path)
            }
        } else {
            throw ModelLoadError.unknownModel(model, zoo: zoo)
        }
        let sidecar = try ModelSidecar.load(contentsOf: sidecarURL)
        let folder = sidecarURL.deletingLastPathComponent()
        let onnxURL = folder.appendingPathComponent(sidecar.onnx)
        let onnx = try ONNXModel(contentsOf: onnxURL)
        let input = sidecar.input
        let classifier = try ONNXClassifier(model: onnx, inputName: input.name, outputName: sidecar.output,
                                            inputShape: [input.channels, input.height, input.width])
        let names = try ImageNetClassNames.load(contentsOf: folder.appendingPathComponent(sidecar.classNames))
        guard names.count == classifier.classCount else {
            throw ModelLoadError.classCount(file: sidecar.classNames, names: names.count, logits: classifier.classCount)
        }
        return ImageClassifier(name: model, onnxURL: onnxURL, sidecar: sidecar, classifier: classifier, classNames: names)
    }

    /// The sidecar's preprocessing: resize the short side, centre-crop, normalise to `[1, C, H, W]`.
    /// Also returns the cropped image (0…255) that the model sees, for overlays.
    public func preprocess(_ image: Image) throws -> (input: Tensor, shown: Image) {
        let p = sidecar.preprocessing
        let filter = ResampleFilter(rawValue: p.resampling) ?? .bicubic
        var shown = try image.rgb().resizeShortSide(to: p.resizeShortSide, filter: filter)
        shown = try shown.centerCrop(width: p.centerCrop, height: p.centerCrop)
        if shown.width != sidecar.input.width || shown.height != sidecar.input.height {
            shown = try shown.resized(width: sidecar.input.width, height: sidecar.input.height, filter: filter)
        }
        return (try input(shown: shown), shown)
    }

    /// The input tensor `[1, 3, H, W]` of an image already at the model's input size (a `shown`
    /// image of ``preprocess(_:)``, or one edited after it, e.g. a game mask): normalised with the
    /// sidecar's mean and std, channels in its colour order.
    public func input(shown: Image) throws -> Tensor {
        var pixels = try shown.normalized(mean: sidecar.preprocessing.mean, std: sidecar.preprocessing.std)
        if sidecar.input.colorOrder.uppercased() == "BGR" {
            let plane = shown.planeSize
            pixels = Array(pixels[(2 * plane)...]) + Array(pixels[plane..<(2 * plane)]) + Array(pixels[..<plane])
        }
        return Tensor(shape: [1, 3, shown.height, shown.width], scalars: pixels)
    }

    public func label(_ index: Int) -> String { index < classNames.count ? classNames[index] : "class \(index)" }
}

public enum ModelLoadError: Error, CustomStringConvertible, Equatable {
    case unknownModel(String, zoo: [String])
    case missingSidecar(model: String, expected: String)
    case classCount(file: String, names: Int, logits: Int)

    public var description: String {
        switch self {
        case .unknownModel(let name, let zoo):
            "unknown model '\(name)': not a file and not in the zoo (\(zoo.joined(separator: ", ")))"
        case .missingSidecar(let model, let expected):
            "model '\(model)' has no sidecar config; expected \(expected) (input size, preprocessing and class names; see README, 'Model sidecar')"
        case .classCount(let file, let names, let logits):
            "class-name file '\(file)' has \(names) names but the model has \(logits) logits"
        }
    }
}
