import Foundation
import Hummingbird

/// The response and request-body helpers the browser-facing servers share: JSON no cache keeps, files
/// served from strings in the binary, and JSON bodies whose decoding failure is a 400 naming the fields.
public enum WebResponses {
    /// A JSON response (sorted keys, ISO 8601 dates) that no cache keeps.
    public static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A text file served from the binary (the client's HTML, script and style).
    public static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Bytes with a content type, cached privately for an hour (images).
    public static func file(_ data: Data, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes a JSON body, answering 400 with the expected fields instead of a generic error.
    public static func decode<T: Decodable, Context: RequestContext>(_ type: T.Type, _ request: Request, _ context: Context) async throws -> T {
        do {
            return try await request.decode(as: type, context: context)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw error
        } catch {
            throw HTTPError(.badRequest, message: "expected a JSON body with the fields of \(String(describing: T.self).replacingOccurrences(of: "Request", with: ""))")
        }
    }
}
