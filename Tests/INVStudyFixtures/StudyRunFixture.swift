import Foundation
import INVCore
import INVImaging

/// A small fake `inv run` results directory, laid out as the runner writes it, for the study suites:
/// `points/p1/point.json` with, per image, an ANV (`anv.json`, `anv.html` and a flat overlay
/// `L<l>-C<c>.png` per cluster: layer 0 with 2 kept clusters, layer 1 with 2 kept and 1 dropped by the
/// cluster threshold), and per baseline `baselines/<m>-0/baseline.json` with a flat `overlay.png` per
/// image. Colours differ per method and image, so a panel shows which file it came from.
public enum StudyRunFixture {
    /// The weights of the ANV's clusters, per layer (a layer's weights sum to 1).
    public static let weights: [[Double]] = [[0.7, 0.3], [0.5, 0.3, 0.2]]
    public static let predicted = "tabby cat"

    public static func write(to root: URL, images: [String], baselines: [String], overlayWidth: Int = 24, overlayHeight: Int = 16,
                             labels: [String: [[String]]] = [:]) throws {
        func write(_ text: String, _ path: String) throws { try AtomicFile.write(Data(text.utf8), to: root.appendingPathComponent(path)) }
        let list = images.map { "\"\($0)\"" }.joined(separator: ",")
        try write(#"{"schema":"invkit.point/1","id":"p1","assignments":[],"config":{},"images":[\#(list)],"modelSHA256":"0"}"#, "points/p1/point.json")
        for (b, method) in baselines.enumerated() {
            try write(#"{"schema":"invkit.baseline/1","id":"\#(method)-0","spec":{"plugin":"\#(method)"},"metrics":[],"seed":0,"target":"predicted","modelSHA256":"0","images":[\#(list)]}"#,
                      "baselines/\(method)-0/baseline.json")
            for (i, key) in images.enumerated() {
                try AtomicFile.write(try Image(width: overlayWidth, height: overlayHeight, filledWith: [Float(60 * b), Float(10 * i), 200]).encoded(.png),
                                     to: root.appendingPathComponent("baselines/\(method)-0/images/\(key)/overlay.png"))
            }
        }
        for (i, key) in images.enumerated() {
            let folder = "points/p1/images/\(key)"
            try write(anvJSON(image: key, labels: labels[key]), "\(folder)/anv.json")
            try write("<!doctype html><title>\(key)</title>", "\(folder)/anv.html")
            for (l, layer) in weights.enumerated() {
                for c in layer.indices {
                    try AtomicFile.write(try Image(width: 16, height: 16, filledWith: [255, Float(30 * c), Float(20 * i + 40 * l)]).encoded(.png),
                                         to: root.appendingPathComponent("\(folder)/L\(l)-C\(c).png"))
                }
            }
        }
    }

    /// `invkit.anv/1` (or `/2` with `labels`: the top label of each cluster, per layer) with ``weights``;
    /// the last cluster of layer 1 is below the cluster threshold.
    static func anvJSON(image: String, labels: [[String]]?) -> String {
        let layers = weights.enumerated().map { l, layer in
            let clusters = layer.enumerated().map { c, weight in
                let kept = !(l == 1 && c == layer.count - 1)
                let label = labels.map { #","labels":{"scores":[{"label":"\#($0[l][c])","score":1,"frequency":1,"meanHints":0}],"best":["\#($0[l][c])"],"games":{"games":1,"wins":1,"losses":0,"resigns":0,"labels":1,"hints":0},"sources":[\#(c)]}"# } ?? ""
                return #"{"members":[\#(c)],"weight":\#(weight),"map":[1,0,0,0],"kept":\#(kept)\#(label)}"#
            }
            return #"{"layer":"layer\#(l)","channels":\#(layer.count),"height":2,"width":2,"emptyChannels":[],"keptChannels":[\#(layer.indices.map(String.init).joined(separator: ","))],"keptWeights":[\#(layer.map { String($0) }.joined(separator: ","))],"weightThreshold":0,"keptWeightShare":1,"coordinates":[],"scores":[],"chosenK":\#(layer.count),"clusters":[\#(clusters.joined(separator: ","))],"warnings":[]}"#
        }
        let schema = labels == nil ? "invkit.anv/1" : "invkit.anv/2"
        return #"{"schema":"\#(schema)","model":"fixture","image":"\#(image).png","inputShape":[3,16,16],"predicted":{"index":281,"label":"\#(predicted)","probability":0.9},"target":{"index":281,"label":"\#(predicted)","probability":0.9},"seed":0,"settings":{},"layers":[\#(layers.joined(separator: ","))]}"#
    }
}
