import Foundation
import INVEngine

/// Assembles an ONNX `ModelProto` node by node: Float32 initializers stored as `raw_data`, nodes with
/// their attributes, and a `value_info` entry (element type and shape) for every tensor a node makes,
/// so that tools and `inv models layers` can list shapes without running the model.
///
/// Reference: ONNX IR specification (onnx/docs/IR.md), `onnx.proto` of ONNX 1.12.
struct ONNXGraphWriter {
    /// An extent in a declared shape: a number, or a named symbolic dimension such as `batch`.
    enum Dimension: Equatable {
        case fixed(Int)
        case symbolic(String)
    }

    private(set) var graph = Onnx_GraphProto()
    private var declared: Set<String> = []

    init(name: String) {
        graph.name = name
    }

    /// Adds a Float32 initializer (a weight) called `name`.
    mutating func addInitializer(_ name: String, _ tensor: Tensor) {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dims = tensor.shape.map(Int64.init)
        proto.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        // raw_data is little-endian (onnx.proto, TensorProto.raw_data).
        #if _endian(little)
        proto.rawData = tensor.scalars.withUnsafeBytes { Data($0) }
        #else
        proto.rawData = tensor.scalars.map(\.bitPattern.littleEndian).withUnsafeBytes { Data($0) }
        #endif
        graph.initializer.append(proto)
    }

    /// Declares a Float32 graph input.
    mutating func addInput(_ name: String, shape: [Dimension]) {
        graph.input.append(Self.valueInfo(name, shape: shape))
    }

    /// Declares a Float32 graph output (a tensor some node makes).
    mutating func addOutput(_ name: String, shape: [Dimension]) {
        graph.output.append(Self.valueInfo(name, shape: shape))
    }

    /// Appends a node of `opType` named `name` whose single output is also called `name`, and records
    /// that output's shape. Returns the output name.
    @discardableResult
    mutating func addNode(_ opType: String, name: String, inputs: [String], attributes: [Onnx_AttributeProto] = [],
                          outputShape: [Dimension]) -> String {
        var node = Onnx_NodeProto()
        node.opType = opType
        node.name = name
        node.input = inputs
        node.output = [name]
        node.attribute = attributes
        graph.node.append(node)
        if declared.insert(name).inserted {
            graph.valueInfo.append(Self.valueInfo(name, shape: outputShape))
        }
        return name
    }

    /// The model: this graph with the default-domain opset `opset`.
    func model(opset: Int, producerVersion: String, docString: String, metadata: [(String, String)]) -> Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opsetImport = Onnx_OperatorSetIdProto()
        opsetImport.domain = ""
        opsetImport.version = Int64(opset)
        model.opsetImport = [opsetImport]
        model.producerName = "INVKit"
        model.producerVersion = producerVersion
        model.docString = docString
        model.metadataProps = metadata.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        model.graph = graph
        return model
    }

    // MARK: Attributes

    static func attribute(_ name: String, ints: [Int]) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .ints
        attribute.ints = ints.map(Int64.init)
        return attribute
    }

    static func attribute(_ name: String, int: Int) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .int
        attribute.i = Int64(int)
        return attribute
    }

    static func attribute(_ name: String, float: Float) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .float
        attribute.f = float
        return attribute
    }

    private static func valueInfo(_ name: String, shape: [Dimension]) -> Onnx_ValueInfoProto {
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensorType.shape.dim = shape.map { extent in
            var dimension = Onnx_TensorShapeProto.Dimension()
            switch extent {
            case .fixed(let value): dimension.dimValue = Int64(value)
            case .symbolic(let name): dimension.dimParam = name
            }
            return dimension
        }
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType = tensorType
        return info
    }
}
