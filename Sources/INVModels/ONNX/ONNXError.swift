/// Everything that can go wrong while reading an ONNX file, turning it into an engine graph or
/// running it. Every case names the file, node, op, attribute or tensor involved and what was
/// expected, so a user can find the problem in their export.
public enum ONNXError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read at all.
    case unreadableFile(path: String, reason: String)
    /// The bytes are not a serialized `ModelProto` (truncated download, wrong file, …).
    case notAnONNXModel(path: String, reason: String)
    /// A node uses an op (or an op of a non-default domain) that has no handler.
    case unsupportedOp(opType: String, domain: String, node: String, opset: Int, supported: [String])
    /// A node's attribute is present with an unusable value, or has the wrong type.
    case invalidAttribute(node: String, opType: String, attribute: String, reason: String)
    /// A feature of an otherwise supported op that the engine does not provide.
    case unsupportedFeature(node: String, opType: String, reason: String)
    /// A node input names a tensor that no initializer, graph input or earlier node provides.
    case missingTensor(name: String, node: String, opType: String)
    /// A required input of a node is absent (empty name or too few inputs).
    case missingInput(node: String, opType: String, index: Int, role: String)
    /// An input that sets a shape, axes or indices must be known when the model is loaded.
    case inputNotConstant(node: String, opType: String, index: Int, role: String, tensor: String)
    /// A tensor in the file (initializer, attribute, test data) cannot be decoded.
    case invalidTensor(name: String, reason: String)
    /// An op INVKit evaluates only on values known at load time (shape arithmetic such as `Ceil`,
    /// `Greater`, `ReduceMax`) met a tensor computed at run time; the engine has no such op.
    case loadTimeOnly(node: String, opType: String, input: String)
    /// A node's op rejected the shapes it was given while the graph was built.
    case shapeMismatch(node: String, opType: String, reason: String)
    /// A graph input's shape is not fully known and the caller gave none.
    case unknownInputShape(input: String, declared: String)
    /// `run` was called with inputs that do not match the graph.
    case badRunInput(name: String, reason: String)
    /// A tap or output names a tensor the graph does not compute.
    case unknownTensor(name: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "cannot read ONNX file '\(path)': \(reason)"
        case .notAnONNXModel(let path, let reason):
            "'\(path)' is not an ONNX model (\(reason)); expected a serialized onnx.ModelProto"
        case .unsupportedOp(let opType, let domain, let node, let opset, let supported):
            "unsupported op '\(domain.isEmpty ? "" : domain + ".")\(opType)' at node '\(node)' (opset \(opset)); "
                + "supported ops: \(supported.joined(separator: ", "))"
        case .invalidAttribute(let node, let opType, let attribute, let reason):
            "\(opType) node '\(node)': attribute '\(attribute)' \(reason)"
        case .unsupportedFeature(let node, let opType, let reason):
            "\(opType) node '\(node)': \(reason)"
        case .missingTensor(let name, let node, let opType):
            "\(opType) node '\(node)': input tensor '\(name)' is neither an initializer, a graph input nor the output of an earlier node"
        case .missingInput(let node, let opType, let index, let role):
            "\(opType) node '\(node)': required input \(index) ('\(role)') is missing"
        case .inputNotConstant(let node, let opType, let index, let role, let tensor):
            "\(opType) node '\(node)': input \(index) ('\(role)', tensor '\(tensor)') must be known when the model is loaded "
                + "(an initializer, a Constant, or computable from static shapes)"
        case .invalidTensor(let name, let reason):
            "tensor '\(name)': \(reason)"
        case .loadTimeOnly(let node, let opType, let input):
            "\(opType) node '\(node)': input '\(input)' is computed at run time, but INVKit evaluates \(opType) only on "
                + "values known at load time (shape computations); the engine has no \(opType) op"
        case .shapeMismatch(let node, let opType, let reason):
            "\(opType) node '\(node)': \(reason)"
        case .unknownInputShape(let input, let declared):
            "graph input '\(input)' has shape \(declared) with unknown extents; pass its shape in inputShapes"
        case .badRunInput(let name, let reason):
            "input '\(name)': \(reason)"
        case .unknownTensor(let name, let reason):
            "tensor '\(name)': \(reason)"
        }
    }
}
