import Foundation
import NovuKit

/// Finds the route for a method and path; literal segments win over parameters.
struct Router: Sendable {
    private var routesByMethod: [HTTPMethod: [Route]] = [:]

    init(_ routes: [Route]) {
        for route in routes { routesByMethod[route.method, default: []].append(route) }
    }

    /// The matching route and its decoded path parameters, or `nil` (Novu answers 404 `Cannot GET /x`).
    func match(_ method: HTTPMethod, _ path: String) -> (Route, [String: String])? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var best: (route: Route, params: [String: String], score: Int)?
        for route in routesByMethod[method] ?? [] where route.segments.count == parts.count {
            var params: [String: String] = [:]
            var score = 0
            var matched = true
            for (segment, part) in zip(route.segments, parts) {
                switch segment {
                case .literal(let literal):
                    if literal != part { matched = false }
                    score += 1
                case .parameter(let name):
                    params[name] = part.removingPercentEncoding ?? part
                }
                if !matched { break }
            }
            if matched, score > (best?.score ?? -1) { best = (route, params, score) }
        }
        return best.map { ($0.route, $0.params) }
    }
}
