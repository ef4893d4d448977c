import Testing
import INVCore
import INVEngine
@testable import INVPlugins

@Suite struct MetricTests {
    /// A 1-channel 4 × 4 image, logit 0 = Σ w_p x_p (class 0 is predicted on the clean image).
    static let weights: [Float] = [0.5, -0.2, 0.1, 0.3, 0.9, 0.0, -0.4, 0.2, 0.6, 0.1, 0.7, -0.3, 0.2, 0.4, 0.0, 0.8]
    static let pixels: [Float] = [1, 2, 0.5, 1, 1.5, 1, 2, 0.5, 1, 1, 1, 2, 0.5, 1.5, 1, 1]
    static let saliency: [Float] = [0.9, 0.1, 0.3, 0.5, 1.0, 0.0, 0.2, 0.4, 0.8, 0.15, 0.7, 0.05, 0.35, 0.6, 0.25, 0.95]

    static func input() throws -> MetricInput {
        MetricInput(image: Tensor(shape: [1, 1, 4, 4], scalars: pixels), target: 0,
                    heatmap: try Heatmap(height: 4, width: 4, values: saliency),
                    model: PixelLinearClassifier(channels: 1, height: 4, width: 4, weights: weights))
    }

    /// The probability of class 0 after replacing the first `changed` pixels (by saliency) with `finish`.
    static func expectedCurve(start: [Float], finish: [Float], step: Int) -> [Double] {
        let order = (0..<16).sorted { saliency[$0] > saliency[$1] }
        return (0...((16 + step - 1) / step)).map { i in
            var x = start
            for p in order.prefix(i * step) { x[p] = finish[p] }
            return sigmoid(Double(zip(weights, x).map { $0 * $1 }.reduce(0, +)))
        }
    }

    static func auc(_ s: [Double]) -> Double { (s.reduce(0, +) - s.first! / 2 - s.last! / 2) / Double(s.count - 1) }

    @Test func deletionOnAHandMadeExampleEqualsTheFormula() throws {
        var parameters = CausalParameters()
        parameters.step = 3
        let result = try DeletionMetric(parameters: parameters).score(try Self.input())
        let expected = Self.expectedCurve(start: Self.pixels, finish: [Float](repeating: 0, count: 16), step: 3)
        #expect(result.curve.count == 7)  // ⌈16 / 3⌉ + 1
        expectClose(result.curve, expected, rtol: 1e-5, atol: 1e-6, "deletion curve")
        expectClose(result.value, Self.auc(expected), rtol: 1e-5, atol: 1e-6, "deletion AUC")
        // Endpoints: the clean image's probability, then the all-zero image's (sigmoid(0) = 0.5).
        expectClose(result.curve.first!, sigmoid(Double(zip(Self.weights, Self.pixels).map { $0 * $1 }.reduce(0, +))),
                    rtol: 1e-5, atol: 1e-6, "clean score")
        expectClose(result.curve.last!, 0.5, rtol: 0, atol: 1e-6, "fully deleted score")
    }

    @Test func insertionStartsFromTheBlurredImageAndEndsAtTheImage() throws {
        var parameters = CausalParameters()
        parameters.step = 4
        let input = try Self.input()
        let result = try InsertionMetric(parameters: parameters).score(input)
        let blurred = RISEBlur.apply(input.image).scalars
        let expected = Self.expectedCurve(start: blurred, finish: Self.pixels, step: 4)
        expectClose(result.curve, expected, rtol: 1e-5, atol: 1e-6, "insertion curve")
        expectClose(result.value, Self.auc(expected), rtol: 1e-5, atol: 1e-6, "insertion AUC")
        expectClose(result.curve.last!, Self.expectedCurve(start: Self.pixels, finish: Self.pixels, step: 4)[0],
                    rtol: 1e-5, atol: 1e-6, "fully inserted score = clean score")
    }

    /// Golden/make_rise_references.py: RISE's gkern(11, 5), row 5 and a corner.
    @Test func insertionBlurKernelIsRISEsGkern() {
        let row: [Double] = [0.00826649, 0.00835464, 0.00850295, 0.00866431, 0.00878633, 0.00883263,
                             0.00878633, 0.00866431, 0.00850295, 0.00835464, 0.00826649]
        expectClose((0..<11).map { Double(RISEBlur.kernel[5 * 11 + $0]) }, row, rtol: 1e-5, atol: 0, "gkern row 5")
        expectClose(Double(RISEBlur.kernel[0]), 0.0077366354, rtol: 1e-5, atol: 0, "gkern[0, 0]")
        expectClose(Double(RISEBlur.kernel.reduce(0, +)), 1, rtol: 0, atol: 1e-5, "gkern sum")
    }

    @Test func averageDropAndIncreaseInConfidenceFollowGradCAMPlusPlus() throws {
        let input = try Self.input()
        let map = input.heatmap.minMaxNormalized().values
        let y = sigmoid(Double(zip(Self.weights, Self.pixels).map { $0 * $1 }.reduce(0, +)))
        let o = sigmoid(Double((0..<16).map { Self.weights[$0] * Self.pixels[$0] * map[$0] }.reduce(0, +)))
        let drop = try AverageDropMetric(parameters: .init()).score(input)
        expectClose(drop.value, 100 * max(0, y - o) / y, rtol: 1e-5, atol: 1e-5, "average drop")
        let increase = try IncreaseInConfidenceMetric(parameters: .init()).score(input)
        expectClose(increase.value, o > y ? 1 : 0, rtol: 0, atol: 0, "increase in confidence")
    }

    @Test func sparsenessIsTheGiniIndex() throws {
        expectClose(SparsenessMetric.gini([Float](repeating: 2, count: 16)), 0, rtol: 0, atol: 1e-9, "uniform map")
        var one = [Float](repeating: 0, count: 16)
        one[3] = 1
        expectClose(SparsenessMetric.gini(one), 15.0 / 16, rtol: 1e-5, atol: 0, "single pixel")
        // Quantus' formula written out for [1, 2, 3, 4]: Σ (2i − n − 1) a_i / (n Σ a) = 10 / 40.
        expectClose(SparsenessMetric.gini([4, 1, 3, 2]), 0.25, rtol: 1e-5, atol: 0, "[1, 2, 3, 4]")
    }

    /// Every metric: finite, deterministic, declared direction, and the input unchanged.
    @Test func everyMetricIsPureAndDeterministic() throws {
        var input = try Self.input()
        // Two clusters splitting the saliency by row halves, for the cluster metric.
        input.clusters = try [0.7, 0.3].enumerated().map { c, weight in
            (weight, try Heatmap(height: 4, width: 4, values: Self.saliency.enumerated().map { ($0.offset / 8 == c) ? $0.element : 0 }))
        }
        let family = PluginFamily<any Metric>.builtInMetrics
        #expect(family.names == ["deletion", "insertion", "average-drop", "increase-in-confidence", "road", "sparseness", "runtime",
                                 "cluster-effect"])
        for name in family.names {
            let metric = try family.make(PluginSpec(name, name == "deletion" || name == "insertion" ? ["step": .int(5)] : [:]))
            let first = try metric.score(input), second = try metric.score(input)
            #expect(first.value.isFinite, "\(name)")
            #expect(first == second, "\(name) is not deterministic")
            #expect(input.image.scalars == Self.pixels && input.heatmap.values == Self.saliency, "\(name) changed its input")
        }
    }

    @Test func aHeatmapOfTheWrongSizeIsAnError() throws {
        var input = try Self.input()
        input.heatmap = try Heatmap(height: 2, width: 8, values: [Float](repeating: 0, count: 16))
        #expect(throws: HeatmapError.shape(expected: [4, 4], got: [2, 8])) {
            try DeletionMetric(parameters: .init()).score(input)
        }
    }
}
