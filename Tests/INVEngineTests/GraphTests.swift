import Testing
@testable import INVEngine

@Suite struct GraphTests {
    /// y = softmax(relu(x·W) + b) over a graph with named intermediates.
    func smallGraph() -> Graph {
        Graph(
            inputs: [(name: "x", shape: [0, 3])],
            constants: ["W": Tensor(shape: [3, 2], scalars: [1, -1, 2, 0.5, -1, 1]), "b": Tensor(shape: [2], scalars: [0.1, -0.2])],
            nodes: [
                .init(name: "fc", op: MatMul(), inputs: ["x", "W"], output: "h"),
                .init(name: "act", op: Unary(.relu), inputs: ["h"], output: "r"),
                .init(name: "bias", op: Elementwise.add, inputs: ["r", "b"], output: "logits"),
                .init(name: "prob", op: Softmax(axis: -1), inputs: ["logits"], output: "p"),
            ],
            outputs: ["p"])
    }

    @Test func forwardKeepsTapsAndOutputs() throws {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, -1, 0.5, 2])
        let values = try smallGraph().run(["x": x], keeping: ["h"])
        #expect(Set(values.keys) == ["p", "h"])
        #expect(values["h"]?.scalars == [2, 3, -2, 3.25])
        #expect(try smallGraph().inferShapes()["logits"] == [0, 2])
    }

    @Test func tapsGetActivationsAndGradientsFromOnePass() throws {
        let x = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        let pass = try smallGraph().forwardBackward(["x": x], output: "logits", taps: ["h", "x"]) { logits in
            #expect(logits.scalars == [2.1, 2.8])
            return Tensor(shape: [1, 2], scalars: [1, 0])   // ∂ logit 0
        }
        #expect(pass.activations["h"]?.scalars == [2, 3])
        #expect(pass.gradients["h"]?.scalars == [1, 0])
        #expect(pass.gradients["x"]?.scalars == [1, 2, -1])   // column 0 of W
    }

    @Test func errorsNameTheValueAndNode() throws {
        var g = smallGraph()
        g.nodes[1].inputs = ["missing"]
        #expect(throws: GraphError.missingValue("missing", node: "act")) { try g.run(["x": Tensor.zeros([1, 3])]) }
        #expect(throws: GraphError.missingFeed("x")) { try smallGraph().run([:]) }
        #expect(throws: GraphError.feedShape("x", expected: [0, 3], got: [1, 4])) { try smallGraph().run(["x": Tensor.zeros([1, 4])]) }
    }
}
