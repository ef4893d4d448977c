/// A dataflow graph of ops over named tensors — the form every imported model takes.
///
/// Each node reads named values (graph inputs, constants or earlier nodes' outputs) and writes one
/// named output, so any intermediate tensor can be tapped by its name. Nodes are stored in
/// topological order.
public struct Graph: Sendable {
    public struct Node: Sendable {
        /// The node's own name (used in errors), e.g. the ONNX node name.
        public var name: String
        public var op: any Op
        public var inputs: [String]
        public var output: String
        public init(name: String, op: any Op, inputs: [String], output: String) {
            self.name = name
            self.op = op
            self.inputs = inputs
            self.output = output
        }
    }

    /// Names and shapes of the values the caller feeds.
    public var inputs: [(name: String, shape: [Int])]
    /// Values known before running (weights, folded constants). Never receive gradients.
    public var constants: [String: Tensor]
    public var nodes: [Node]
    public var outputs: [String]

    public init(inputs: [(name: String, shape: [Int])], constants: [String: Tensor], nodes: [Node], outputs: [String]) {
        self.inputs = inputs
        self.constants = constants
        self.nodes = nodes
        self.outputs = outputs
    }

    /// Forward pass without a tape. Intermediate values are released after their last consumer
    /// ran, except the graph outputs and the names in `keeping`, which are returned.
    public func run(_ feeds: [String: Tensor], keeping: Set<String> = []) throws -> [String: Tensor] {
        try checkFeeds(feeds)
        let wanted = keeping.union(outputs)
        var lastUse: [String: Int] = [:]
        for (i, node) in nodes.enumerated() { for input in node.inputs { lastUse[input] = i } }
        var values = feeds
        for (i, node) in nodes.enumerated() {
            let args = try node.inputs.map { try value($0, in: values, for: node) }
            values[node.output] = try evaluate(node, args)
            for input in node.inputs where lastUse[input] == i && !wanted.contains(input) {
                values[input] = nil
            }
        }
        return try wanted.reduce(into: [:]) { result, name in result[name] = try value(name, in: values, for: nil) }
    }

    /// One forward and one backward pass: the values of `output` and of every tapped name, and
    /// the gradient of `seed(output) · output` with respect to each tapped name.
    ///
    /// `seed` receives the forward value of `output` (e.g. the logits) and returns the backward seed
    /// (e.g. a one-hot vector for the target class). Taps may be graph inputs or node outputs.
    /// All memory of the pass is released when this returns.
    public func forwardBackward(_ feeds: [String: Tensor], output: String, taps: [String],
                                rectifierGradient: RectifierGradient = .standard,
                                seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        try checkFeeds(feeds)
        return try withTape(rectifierGradient: rectifierGradient) { tape in
            var variables: [String: Variable] = [:]
            for (name, t) in feeds { variables[name] = tape.variable(t) }
            func variable(_ name: String, _ node: Node?) throws -> Variable {
                if let v = variables[name] { return v }
                guard let c = constants[name] else { throw GraphError.missingValue(name, node: node?.name) }
                let v = tape.constant(c)
                variables[name] = v
                return v
            }
            for node in nodes {
                let args = try node.inputs.map { try variable($0, node) }
                do { variables[node.output] = try tape.apply(node.op, args) } catch {
                    throw GraphError.nodeFailed(node: node.name, op: node.op.name, underlying: String(describing: error))
                }
            }
            let out = try variable(output, nil)
            let tapped = try taps.map { try variable($0, nil) }
            let gradients = try tape.gradients(of: out, seed: try seed(tape[out]), withRespectTo: tapped)
            return GraphPass(
                output: tape[out],
                activations: Dictionary(uniqueKeysWithValues: zip(taps, tapped.map { tape[$0] })),
                gradients: Dictionary(uniqueKeysWithValues: zip(taps, gradients)))
        }
    }

    /// Shape of every named value for the declared input shapes (runs the graph once on zeros).
    public func inferShapes() throws -> [String: [Int]] {
        let feeds = Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, Tensor.zeros($0.shape)) })
        var shapes = constants.mapValues(\.shape)
        var values = feeds
        for (name, t) in feeds { shapes[name] = t.shape }
        for node in nodes {
            let args = try node.inputs.map { try value($0, in: values, for: node) }
            let out = try evaluate(node, args)
            shapes[node.output] = out.shape
            values[node.output] = out
        }
        return shapes
    }

    private func checkFeeds(_ feeds: [String: Tensor]) throws {
        for input in inputs {
            guard let t = feeds[input.name] else { throw GraphError.missingFeed(input.name) }
            let fixedBatch = input.shape.first.map { $0 > 0 } ?? true
            let expected = fixedBatch ? input.shape : Array(input.shape.dropFirst())
            let got = fixedBatch ? t.shape : Array(t.shape.dropFirst())
            guard expected == got else { throw GraphError.feedShape(input.name, expected: input.shape, got: t.shape) }
        }
    }

    private func value(_ name: String, in values: [String: Tensor], for node: Node?) throws -> Tensor {
        if let v = values[name] ?? constants[name] { return v }
        throw GraphError.missingValue(name, node: node?.name)
    }

    private func evaluate(_ node: Node, _ args: [Tensor]) throws -> Tensor {
        do { return try node.op.forward(args) } catch {
            throw GraphError.nodeFailed(node: node.name, op: node.op.name, underlying: String(describing: error))
        }
    }
}

/// Result of ``Graph/forwardBackward(_:output:taps:rectifierGradient:seed:)``.
public struct GraphPass: Sendable {
    public var output: Tensor
    public var activations: [String: Tensor]
    public var gradients: [String: Tensor]

    /// A pass restored from elsewhere (e.g. a runner's on-disk cache).
    public init(output: Tensor, activations: [String: Tensor], gradients: [String: Tensor]) {
        self.output = output
        self.activations = activations
        self.gradients = gradients
    }
}

public enum GraphError: Error, CustomStringConvertible, Equatable {
    case missingFeed(String)
    case feedShape(String, expected: [Int], got: [Int])
    case missingValue(String, node: String?)
    case nodeFailed(node: String, op: String, underlying: String)

    public var description: String {
        switch self {
        case .missingFeed(let name): "no value fed for graph input '\(name)'"
        case .feedShape(let name, let expected, let got):
            "graph input '\(name)' expects shape \(expected) (a leading 0 or −1 is any batch), got \(got)"
        case .missingValue(let name, let node):
            "value '\(name)' is neither a graph input, a constant nor an earlier node's output" + (node.map { " (needed by node '\($0)')" } ?? "")
        case .nodeFailed(let node, let op, let underlying): "node '\(node)' (\(op)) failed: \(underlying)"
        }
    }
}
