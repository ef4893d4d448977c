import Foundation
import INVEngine
@testable import INVModels

/// Builds small ONNX models in memory for the importer tests (the same protobuf types the
/// importer reads, so nothing but the code under test interprets them).
enum ModelFactory {
    static func node(_ opType: String, _ inputs: [String], _ outputs: [String], name: String = "",
                     _ attributes: Onnx_AttributeProto...) -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        node.opType = opType
        node.input = inputs
        node.output = outputs
        node.name = name
        node.attribute = attributes
        return node
    }

    static func attribute(_ name: String, int value: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(value)
        return a
    }

    static func attribute(_ name: String, ints values: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .ints
        a.ints = values.map(Int64.init)
        return a
    }

    static func attribute(_ name: String, float value: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = value
        return a
    }

    static func attribute(_ name: String, string value: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .string
        a.s = Data(value.utf8)
        return a
    }

    /// A FLOAT tensor with its values in `raw_data`.
    static func tensor(_ name: String, _ value: Tensor) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dataType = ONNXTensor.DataType.float.rawValue
        t.dims = value.shape.map(Int64.init)
        t.rawData = value.scalars.withUnsafeBufferPointer { Data(buffer: $0) }
        return t
    }

    /// An INT64 tensor in `int64_data`.
    static func tensor(_ name: String, int64 values: [Int64], shape: [Int]? = nil) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dataType = ONNXTensor.DataType.int64.rawValue
        t.dims = (shape ?? [values.count]).map(Int64.init)
        t.int64Data = values
        return t
    }

    static func valueInfo(_ name: String, _ shape: [Int?], type: ONNXTensor.DataType = .float) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = type.rawValue
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

    /// A serialized model with one graph.
    static func model(opset: Int = 13, nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [String],
                      initializers: [Onnx_TensorProto] = []) throws -> Data {
        var graph = Onnx_GraphProto()
        graph.name = "test"
        graph.node = nodes
        graph.input = inputs
        graph.output = outputs.map { valueInfo($0, []) }
        graph.initializer = initializers
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "INVModelsTests"
        var opsetImport = Onnx_OperatorSetIdProto()
        opsetImport.domain = ""
        opsetImport.version = Int64(opset)
        model.opsetImport = [opsetImport]
        model.graph = graph
        return try model.serializedBytes()
    }

    /// Parses a model built by ``model(opset:nodes:inputs:outputs:initializers:)``.
    static func load(_ data: Data) throws -> ONNXModel {
        try ONNXModel(serializedData: data, path: "test.onnx")
    }
}
