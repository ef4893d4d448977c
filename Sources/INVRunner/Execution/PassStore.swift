import Foundation
import INVCore
import INVEngine
import INVModels

/// Network passes on disk, so that a resumed run, another shard or a later run with other
/// reduction/clustering settings does not repeat them: one file per (model, input, layer set,
/// rectifier gradient, backward seed) with the logits, and the activations and gradients of every
/// tapped layer as little-endian float32; one file per (model, input) with the logits alone; and
/// one file per (model, batch) with the logits of a batch sent to ``ClassifierModel/logits(_:)``
/// (kept apart from a pass's logits, which come from the autodiff graph).
///
/// File format `INVPASS1`: the magic, a UInt32 tensor count, then per tensor a UInt32 name length,
/// the UTF-8 name, a UInt32 rank, the dims (UInt32 each) and the float32 values. A file that does
/// not parse is treated as missing (and rewritten); files are written atomically.
public struct PassStore: Sendable {
    public let directory: URL
    /// SHA-256 of the model file: part of every key.
    public let modelSHA256: String

    public init(directory: URL, modelSHA256: String) {
        self.directory = directory
        self.modelSHA256 = modelSHA256
    }

    /// The key of an input image for this model.
    func inputKey(_ input: Tensor) -> String {
        var data = Data((modelSHA256 + "|" + input.shape.map(String.init).joined(separator: ",") + "|").utf8)
        input.scalars.withUnsafeBufferPointer { data.append(Data(buffer: $0)) }
        return SHA256.hexDigest(of: data)
    }

    func passKey(input: String, taps: [String], rectifier: RectifierGradient, seed: [Float]) -> String {
        var data = Data((input + "|" + taps.joined(separator: "\u{0}") + "|" + rectifier.rawValue + "|").utf8)
        seed.withUnsafeBufferPointer { data.append(Data(buffer: $0)) }
        return SHA256.hexDigest(of: data)
    }

    private func url(_ key: String, _ kind: String) -> URL { directory.appendingPathComponent("\(key).\(kind).f32") }

    func logits(input: String) -> Tensor? { read(url(input, "logits"))?["output"] }

    func storeLogits(_ logits: Tensor, input: String) throws { try write(["output": logits], to: url(input, "logits")) }

    func batchLogits(batch: String) -> Tensor? { read(url(batch, "batch"))?["output"] }

    func storeBatchLogits(_ logits: Tensor, batch: String) throws { try write(["output": logits], to: url(batch, "batch")) }

    func pass(key: String, taps: [String]) -> GraphPass? {
        guard let tensors = read(url(key, "pass")), let output = tensors["output"] else { return nil }
        var activations: [String: Tensor] = [:], gradients: [String: Tensor] = [:]
        for tap in taps {
            guard let a = tensors["a:" + tap], let g = tensors["g:" + tap] else { return nil }
            activations[tap] = a
            gradients[tap] = g
        }
        return GraphPass(output: output, activations: activations, gradients: gradients)
    }

    func storePass(_ pass: GraphPass, key: String, taps: [String]) throws {
        var tensors = ["output": pass.output]
        for tap in taps {
            if let a = pass.activations[tap] { tensors["a:" + tap] = a }
            if let g = pass.gradients[tap] { tensors["g:" + tap] = g }
        }
        try write(tensors, to: url(key, "pass"))
    }

    private static let magic = Data("INVPASS1".utf8)

    private func write(_ tensors: [String: Tensor], to url: URL) throws {
        var data = Self.magic
        func put(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        put(tensors.count)
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            put(name.utf8.count)
            data.append(contentsOf: name.utf8)
            put(t.shape.count)
            t.shape.forEach(put)
            for x in t.scalars { withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        try AtomicFile.write(data, to: url)
    }

    private func read(_ url: URL) -> [String: Tensor]? {
        guard let data = FileManager.default.contents(atPath: url.path), data.starts(with: Self.magic) else { return nil }
        var offset = Self.magic.count
        func take(_ n: Int) -> Data? {
            guard n >= 0, offset + n <= data.count else { return nil }
            defer { offset += n }
            return data.subdata(in: (data.startIndex + offset)..<(data.startIndex + offset + n))
        }
        func int() -> Int? { take(4).map { Int(UInt32(littleEndian: $0.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })) } }
        guard let count = int() else { return nil }
        var tensors: [String: Tensor] = [:]
        for _ in 0..<count {
            guard let length = int(), let nameData = take(length), let rank = int(), rank <= 8 else { return nil }
            var shape: [Int] = []
            for _ in 0..<rank {
                guard let d = int() else { return nil }
                shape.append(d)
            }
            guard let values = take(shape.elementCount * 4) else { return nil }
            let scalars = values.withUnsafeBytes { raw in
                (0..<shape.elementCount).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            }
            tensors[String(decoding: nameData, as: UTF8.self)] = Tensor(shape: shape, scalars: scalars)
        }
        return offset == data.count ? tensors : nil
    }
}
