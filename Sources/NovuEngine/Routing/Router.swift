import Foundation
import NovuKit

/// Finds the route for a method and path; literal segments win over parameters.
struct Router: Sendable {
    private struct Key: Hashable {
        var method: HTTPMethod
        var segmentCount: Int
    }

    /// Routes by method and number of segments, so a lookup only compares routes of the right shape.
    private var routesByShape: [Key: [Route]] = [:]

    init(_ routes: [Route]) {
        for route in routes { routesByShape[Key(method: route.method, segmentCount: route.segments.count), default: []].append(route) }
    }

    /// The matching route and its decoded path parameters, or `nil` (Novu answers 404 `Cannot GET /x`).
    func match(_ method: HTTPMethod, _ path: String) -> (Route, [String: String])? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (route: Route, score: Int)?
        for route in routesByShape[Key(method: method, segmentCount: parts.count)] ?? [] {
            var score = 0
            var matched = true
            for (segment, part) in zip(route.segments, parts) {
                if case .literal(let literal) = segment {
                    guard literal == part else {
                        matched = false
                        break
                    }
                    score += 1
                }
            }
            if matched, score > (best?.score ?? -1) { best = (route, score) }
        }
        guard let route = best?.route else { return nil }
        var params: [String: String] = [:]
        for (segment, part) in zip(route.segments, parts) {
            if case .parameter(let name) = segment {
                let text = String(part)
                params[name] = text.contains("%") ? text.removingPercentEncoding ?? text : text
            }
        }
        return (route, params)
    }
}
