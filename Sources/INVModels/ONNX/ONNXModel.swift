import Foundation
import INVEngine
import SwiftProtobuf

/// An ONNX model file, parsed: its metadata, inputs and outputs, decoded initializers, and the
/// node list, ready to become an engine graph (``ONNXGraph``) for given input shapes.
///
/// ```swift
/// let model = try ONNXModel(contentsOf: URL(fileURLWithPath: "resnet18.onnx"))
/// let graph = try model.graph(inputShapes: ["input": [1, 3, 224, 224]])
/// let logits = try graph.run(inputs: ["input": image])["output"]
/// ```
///
/// Reference: ONNX IR specification (onnx/docs/IR.md) and `onnx.proto` (ONNX 1.12).
public struct ONNXModel: Sendable {
    /// Name, element type and declared shape of a graph input or output.
    public struct TensorInfo: Sendable, Equatable {
        public let name: String
        /// The ONNX element type, or nil when it is not one INVKit reads.
        public let elementType: ONNXTensor.DataType?
        /// Declared extents; nil for symbolic (`"batch"`) or missing ones.
        public let dims: [Int?]?

        init(_ proto: Onnx_ValueInfoProto) {
            name = proto.name
            let tensorType = proto.type.tensorType
            elementType = ONNXTensor.DataType(rawValue: tensorType.elemType)
            if tensorType.hasShape {
                dims = tensorType.shape.dim.map { dim in
                    if case .dimValue(let v)? = dim.value, v >= 0 { return Int(v) }
                    return nil
                }
            } else {
                dims = nil
            }
        }

        var declaredShape: String {
            guard let dims else { return "<no shape>" }
            return "[" + dims.map { $0.map(String.init) ?? "?" }.joined(separator: ", ") + "]"
        }
    }

    /// The file the model was read from (used in messages).
    public let path: String
    public let irVersion: Int
    /// Version of the default ONNX operator set (`opset_import` with domain "" or "ai.onnx").
    public let opset: Int
    /// Every imported operator set, by domain ("" for the default one).
    public let opsetImports: [String: Int]
    public let producer: String
    /// Graph inputs that are not initializers: what a caller feeds.
    public let inputs: [TensorInfo]
    public let outputs: [TensorInfo]
    /// The decoded weights (and other initializers), by name.
    public let initializers: [String: ONNXTensor]
    private let graphProto: Onnx_GraphProto
    private let baseDirectory: URL?

    /// Reads and parses a `.onnx` file; external tensor data is resolved next to it.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ONNXError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        try self.init(serializedData: data, path: url.path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses a serialized `ModelProto`. `path` is only used in messages; `baseDirectory`
    /// resolves external data (nil: external data is an error).
    public init(serializedData data: Data, path: String = "<memory>", baseDirectory: URL? = nil) throws {
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw ONNXError.notAnONNXModel(path: path, reason: "protobuf decoding failed after reading \(data.count) bytes: \(error)")
        }
        guard proto.hasIrVersion, proto.hasGraph else {
            throw ONNXError.notAnONNXModel(path: path, reason: proto.hasGraph ? "no ir_version" : "no graph")
        }
        self.path = path
        self.baseDirectory = baseDirectory
        irVersion = Int(proto.irVersion)
        producer = [proto.producerName, proto.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        opsetImports = Dictionary(proto.opsetImport.map { ($0.domain == "ai.onnx" ? "" : $0.domain, Int($0.version)) },
                                  uniquingKeysWith: { Swift.max($0, $1) })
        // IR version 3 made opset_import mandatory; before it the default opset was 1.
        opset = opsetImports[""] ?? 1

        var graph = proto.graph
        var decoded: [String: ONNXTensor] = [:]
        for initializer in graph.initializer {
            decoded[initializer.name] = try ONNXTensor(proto: initializer, baseDirectory: baseDirectory)
        }
        if let sparse = graph.sparseInitializer.first {
            throw ONNXError.invalidTensor(name: sparse.values.name, reason: "sparse initializers are not supported")
        }
        graph.initializer = []  // the decoded copies are kept; drop the raw bytes
        initializers = decoded
        inputs = graph.input.filter { decoded[$0.name] == nil }.map(TensorInfo.init)
        outputs = graph.output.map(TensorInfo.init)
        graphProto = graph
    }

    /// ONNX op types in the order of the file's nodes, with how often each occurs.
    public var opTypeCounts: [String: Int] {
        graphProto.node.reduce(into: [:]) { $0[$1.opType, default: 0] += 1 }
    }

    /// Builds the engine graph for static input shapes.
    ///
    /// - Parameters:
    ///   - inputShapes: shapes of runtime inputs; required for inputs whose declared shape has
    ///     symbolic extents, optional (but checked) for the others.
    ///   - constantInputs: graph inputs bound to values at load time (integer inputs such as
    ///     indices or shapes must be bound: the engine computes in Float32). These override
    ///     initializers of the same name, as ONNX allows for IR ≥ 4.
    /// - Throws: ``ONNXError`` naming the node, op, attribute or tensor at fault.
    public func graph(inputShapes: [String: [Int]] = [:], constantInputs: [String: ONNXTensor] = [:]) throws -> ONNXGraph {
        let declared = Set(graphProto.input.map(\.name))
        if let unknown = (Array(inputShapes.keys) + Array(constantInputs.keys)).sorted().first(where: { !declared.contains($0) }) {
            throw ONNXError.badRunInput(name: unknown, reason: "is not an input of '\(path)' (inputs: \(inputs.map(\.name).joined(separator: ", ")))")
        }
        var constants = initializers
        for (name, value) in constantInputs { constants[name] = value }
        var runtime: [(name: String, shape: [Int])] = []
        for info in inputs where constants[info.name] == nil {
            runtime.append((name: info.name, shape: try staticShape(info, given: inputShapes[info.name])))
        }
        return try GraphBuilder(baseDirectory: baseDirectory, opset: opset)
            .build(graph: graphProto, runtimeInputs: runtime, constantValues: constants)
    }

    private func staticShape(_ info: TensorInfo, given: [Int]?) throws -> [Int] {
        if let type = info.elementType, !type.isFloatingPoint {
            throw ONNXError.badRunInput(name: info.name, reason: "has element type \(type); the engine computes in Float32, "
                + "so bind integer inputs to values with constantInputs when loading")
        }
        if let given {
            guard given.allSatisfy({ $0 >= 0 }) else {
                throw ONNXError.badRunInput(name: info.name, reason: "shape \(given) has a negative extent")
            }
            if let dims = info.dims {
                let conflicts = dims.count != given.count || zip(dims, given).contains { declared, g in declared.map { $0 != g } ?? false }
                guard !conflicts else {
                    throw ONNXError.badRunInput(name: info.name, reason: "shape \(given) does not match the declared \(info.declaredShape)")
                }
            }
            return given
        }
        guard let dims = info.dims, dims.allSatisfy({ $0 != nil }) else {
            throw ONNXError.unknownInputShape(input: info.name, declared: info.declaredShape)
        }
        return dims.compactMap { $0 }
    }
}
