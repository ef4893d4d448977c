import Foundation
import INVCore
import INVEngine
import INVImaging
@testable import INVModels

/// A tiny ONNX classifier written to a folder with its sidecar and 1000 class names, and two small
/// photos: conv(3→8, 3×3) → ReLU → conv(8→12, 3×3) → ReLU → global average pool → Gemm(12→1000),
/// 16×16 input, random weights from a fixed seed.
enum TinyModel {
    struct Files {
        var folder: URL
        var onnx: URL { folder.appendingPathComponent("tiny.onnx") }
        var images: [URL] { ["red", "blue"].map { folder.appendingPathComponent("\($0).png") } }
    }

    /// - Parameter seed: of the weights; another seed gives another model file.
    static func write(to folder: URL, seed: UInt64 = 11) throws -> Files {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var random = SeededRandom(seed: seed)
        func weights(_ name: String, _ shape: [Int], scale: Float = 0.5) -> Onnx_TensorProto {
            var t = Onnx_TensorProto()
            t.name = name
            t.dataType = ONNXTensor.DataType.float.rawValue
            t.dims = shape.map(Int64.init)
            let values = (0..<shape.elementCount).map { _ in Float(random.normal()) * scale }
            t.rawData = values.withUnsafeBufferPointer { Data(buffer: $0) }
            return t
        }
        func node(_ op: String, _ inputs: [String], _ output: String, _ attributes: [Onnx_AttributeProto] = []) -> Onnx_NodeProto {
            var n = Onnx_NodeProto()
            n.opType = op
            n.input = inputs
            n.output = [output]
            n.name = output
            n.attribute = attributes
            return n
        }
        var pads = Onnx_AttributeProto()
        pads.name = "pads"
        pads.type = .ints
        pads.ints = [1, 1, 1, 1]
        var transB = Onnx_AttributeProto()
        transB.name = "transB"
        transB.type = .int
        transB.i = 1
        var graph = Onnx_GraphProto()
        graph.name = "tiny"
        graph.node = [
            node("Conv", ["x", "w1", "b1"], "conv1", [pads]), node("Relu", ["conv1"], "relu1"),
            node("Conv", ["relu1", "w2", "b2"], "conv2", [pads]), node("Relu", ["conv2"], "relu2"),
            node("GlobalAveragePool", ["relu2"], "gap"), node("Flatten", ["gap"], "flat"),
            node("Gemm", ["flat", "fc", "fcb"], "logits", [transB]),
        ]
        graph.initializer = [weights("w1", [8, 3, 3, 3]), weights("b1", [8], scale: 0.1), weights("w2", [12, 8, 3, 3], scale: 0.3),
                             weights("b2", [12], scale: 0.1), weights("fc", [1000, 12]), weights("fcb", [1000], scale: 0.1)]
        graph.input = [valueInfo("x", [nil, 3, 16, 16])]
        graph.output = [valueInfo("logits", [nil, 1000])]
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 13
        model.opsetImport = [opset]
        model.graph = graph
        let files = Files(folder: folder)
        try model.serializedData().write(to: files.onnx)
        let sidecar = """
        {"name": "tiny", "onnx": "tiny.onnx", "output": "logits", "classNames": "classes.txt", "source": "test", "converter": "test",
         "input": {"name": "x", "channels": 3, "height": 16, "width": 16, "colorOrder": "RGB"},
         "preprocessing": {"resizeShortSide": 16, "resampling": "bilinear", "centerCrop": 16, "mean": [127, 127, 127], "std": [128, 128, 128]}}
        """
        try Data(sidecar.utf8).write(to: folder.appendingPathComponent("tiny.json"))
        try Data((0..<1000).map { "class \($0)\n" }.joined().utf8).write(to: folder.appendingPathComponent("classes.txt"))
        for (i, url) in files.images.enumerated() {
            let pixels = (0..<(3 * 20 * 18)).map { p in Float((p * (7 + 5 * i) + 31 * (p / 360) * (i + 1)) % 256) }
            try Image(width: 20, height: 18, channels: 3, pixels: pixels).encoded(.png).write(to: url)
        }
        return files
    }

    private static func valueInfo(_ name: String, _ shape: [Int?]) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = ONNXTensor.DataType.float.rawValue
        var shapeProto = Onnx_TensorShapeProto()
        shapeProto.dim = shape.map { extent in
            var dim = Onnx_TensorShapeProto.Dimension()
            if let extent { dim.dimValue = Int64(extent) } else { dim.dimParam = "batch" }
            return dim
        }
        tensorType.shape = shapeProto
        info.type.tensorType = tensorType
        return info
    }

    /// A fresh temporary folder.
    static func temporaryFolder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("invrunner-\(name)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
