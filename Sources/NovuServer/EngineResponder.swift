import Foundation
import HTTPTypes
import Hummingbird
import JSONCore
import Logging
import NIOCore
import NovuEngine
import NovuKit

/// Turns each Hummingbird request into an ``NovuKit/APIRequest`` for the engine and back.
struct EngineResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let engine: Engine
    let maximumBodyBytes: Int
    let logsRequests: Bool

    @Sendable func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        // Kept on the loop that read the request, whichever thread resumes it (see EventLoopTaskExecutor).
        guard let executor = EventLoopTaskExecutor.current else { return try await answer(request, context: context) }
        return try await withTaskExecutorPreference(executor) { try await answer(request, context: context) }
    }

    private func answer(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let requestId = request.headers[Self.requestIdName] ?? Self.makeRequestId()
        let path = request.uri.path
        var apiRequest = APIRequest(
            method: NovuKit.HTTPMethod(rawValue: request.method.rawValue), path: path,
            query: QueryItem.items(fromQuery: request.uri.query.map { $0[...] }))
        for field in request.headers { apiRequest.headers.add(field.name.canonicalName, field.value) }
        var apiResponse: APIResponse
        do {
            let buffer = try await request.body.collect(upTo: maximumBodyBytes)
            if buffer.readableBytes > 0 { apiRequest.body = Array(buffer.readableBytesView) }
            apiResponse = await engine.handle(apiRequest)
        } catch {
            // The body was larger than the limit (or the client went away while sending it).
            apiResponse = Self.payloadTooLarge(path: path + (request.uri.query.map { "?" + $0 } ?? ""))
        }
        // Appended, not assigned: an assignment searches the fields and replaces a range of them, a
        // tenth of the responder's time. The engine sets neither of the two fields added last.
        var fields = HTTPFields()
        fields.reserveCapacity(apiResponse.headers.underestimatedCount + 2)
        for (name, value) in apiResponse.headers {
            guard let fieldName = HTTPField.Name(name), fieldName != Self.requestIdName, fieldName != .contentLength else { continue }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        fields.append(HTTPField(name: Self.requestIdName, value: requestId))
        fields.append(HTTPField(name: .contentLength, value: String(apiResponse.body.count)))
        if logsRequests {
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            context.logger.info(
                "\(request.method.rawValue) \(path) \(apiResponse.status) \(String(format: "%.1f", milliseconds))ms",
                metadata: ["request_id": .string(requestId)])
        }
        return Response(
            status: HTTPResponse.Status(code: apiResponse.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: apiResponse.body)))
    }

    static func payloadTooLarge(path: String) -> APIResponse {
        let body: JSON = [
            "statusCode": 413, "timestamp": .string(ISOTime.format(Date())), "path": .string(path),
            "message": "request entity too large", "error": "Payload Too Large",
        ]
        var headers = APIHeaders()
        headers["Content-Type"] = "application/json; charset=utf-8"
        headers["Connection"] = "close"
        return APIResponse(status: 413, headers: headers, body: (try? body.serialized()) ?? [])
    }

    static let requestIdName = HTTPField.Name("X-Request-Id")!

    static func makeRequestId() -> String {
        String(FastRandom.next() & 0xFFFF_FFFF_FFFF, radix: 16)
    }
}
