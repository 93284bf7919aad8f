import Foundation
import NovuKit

/// Finds the route for a method and path; literal segments win over parameters.
///
/// A lookup splits the path's UTF-8 bytes once and compares them with each candidate's literal
/// segments byte by byte: every request is matched at least once (twice when it asks for a
/// before-image), so no `String` is made for a segment that is not a parameter.
struct Router: Sendable {
    private struct Key: Hashable {
        var method: HTTPMethod
        var segmentCount: Int
    }

    /// A route with its literal segments as bytes (`nil` where the pattern has a parameter).
    private struct Candidate: Sendable {
        let route: Route
        let literals: [[UInt8]?]
    }

    /// Routes by method and number of segments, so a lookup only compares routes of the right shape.
    private var routesByShape: [Key: [Candidate]] = [:]

    init(_ routes: [Route]) {
        for route in routes {
            let literals: [[UInt8]?] = route.segments.map {
                if case .literal(let text) = $0 { Array(text.utf8) } else { nil }
            }
            routesByShape[Key(method: route.method, segmentCount: route.segments.count), default: []]
                .append(Candidate(route: route, literals: literals))
        }
    }

    /// The matching route and its decoded path parameters, or `nil` (Novu answers 404 `Cannot GET /x`).
    func match(_ method: HTTPMethod, _ path: String) -> (Route, [String: String])? {
        var path = path
        return path.withUTF8 { bytes -> (Route, [String: String])? in
            let parts = Self.segments(of: bytes)
            guard let candidates = routesByShape[Key(method: method, segmentCount: parts.count)] else { return nil }
            var best: (candidate: Candidate, score: Int)?
            for candidate in candidates {
                var score = 0
                var matched = true
                for (literal, part) in zip(candidate.literals, parts) {
                    guard let literal else { continue }
                    guard literal.count == part.count, literal.withUnsafeBufferPointer({ $0.elementsEqual(bytes[part]) }) else {
                        matched = false
                        break
                    }
                    score += 1
                }
                if matched, score > (best?.score ?? -1) { best = (candidate, score) }
            }
            guard let best else { return nil }
            var params: [String: String] = [:]
            for (segment, part) in zip(best.candidate.route.segments, parts) {
                guard case .parameter(let name) = segment else { continue }
                let text = String(decoding: bytes[part], as: UTF8.self)
                params[name] = bytes[part].contains(UInt8(ascii: "%")) ? text.removingPercentEncoding ?? text : text
            }
            return (best.candidate.route, params)
        }
    }

    /// The non-empty segments of a path, as ranges of its bytes.
    private static func segments(of bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        parts.reserveCapacity(6)
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > start { parts.append(start..<index) }
            start = index + 1
        }
        return parts
    }
}
