import Foundation
import INVEngine
import Testing
@testable import INVModels

/// Builds safetensors bytes from a JSON header and a data section.
private func safetensors(header: String, data: [UInt8]) -> Data {
    let json = Array(header.utf8)
    var bytes = (0..<8).map { UInt8((UInt64(json.count) >> (8 * UInt64($0))) & 0xFF) }
    bytes += json + data
    return Data(bytes)
}

private func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { value in (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
}

@Suite struct SafetensorsTests {
    @Test func readsF32F16AndI64() throws {
        let f32 = littleEndian([Float(1.5).bitPattern, Float(-2).bitPattern])
        let f16 = littleEndian([Float16(0.25).bitPattern, Float16(-3).bitPattern, Float16(65504).bitPattern])
        let i64 = littleEndian([Int64(7), Int64(-1)])
        let header = """
            {"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},\
            "b":{"dtype":"F16","shape":[1,3],"data_offsets":[8,14]},"c":{"dtype":"I64","shape":[2],"data_offsets":[14,30]}}
            """
        let file = try SafetensorsFile(data: safetensors(header: header, data: f32 + f16 + i64), path: "t.safetensors")
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.tensor("a") == Tensor(shape: [2], scalars: [1.5, -2]))
        #expect(try file.tensor("b", shape: [1, 3]) == Tensor(shape: [1, 3], scalars: [0.25, -3, 65504]))
        #expect(try file.tensor("c") == Tensor(shape: [2], scalars: [7, -1]))
    }

    @Test func errorsNameTheFileAndTensor() throws {
        let header = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        #expect(throws: SafetensorsError.invalidTensor(path: "m.safetensors", tensor: "w", reason: "8 bytes for shape [3] of F32, expected 12")) {
            try SafetensorsFile(data: safetensors(header: header, data: Array(repeating: 0, count: 8)), path: "m.safetensors")
        }
        let good = try SafetensorsFile(data: safetensors(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                                                         data: Array(repeating: 0, count: 8)), path: "m.safetensors")
        #expect(throws: SafetensorsError.missingTensor(path: "m.safetensors", tensor: "v")) { try good.tensor("v") }
        #expect(throws: SafetensorsError.unexpectedShape(path: "m.safetensors", tensor: "w", expected: [3], actual: [2])) {
            try good.tensor("w", shape: [3])
        }
        let unsupported = #"{"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#
        #expect(throws: SafetensorsError.invalidTensor(path: "m.safetensors", tensor: "w", reason: "unsupported dtype U8; supported: F32, F16, BF16, I64")) {
            try SafetensorsFile(data: safetensors(header: unsupported, data: [0, 0]), path: "m.safetensors")
        }
    }

    @Test func malformedHeadersAreReported() {
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(data: Data([1, 2, 3]), path: "short.safetensors") }
        #expect(throws: SafetensorsError.invalidHeader(path: "big.safetensors", reason: "header length 255 exceeds the file size 10")) {
            try SafetensorsFile(data: Data([255, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D]), path: "big.safetensors")
        }
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(data: safetensors(header: "[1]", data: []), path: "x") }
    }
}
