import NovuKit
import Testing

@testable import NovuEngine

struct RouterTests {
    private static func route(_ method: HTTPMethod, _ pattern: String) -> Route {
        Route(method, pattern, method == .get ? .read : .write) { _, _ in .empty() }
    }

    private let router = Router([
        route(.get, "/v1/subscribers/:subscriberId"),
        route(.get, "/v1/subscribers/search"),
        route(.get, "/v1/subscribers/:subscriberId/preferences/:workflowId"),
        route(.get, "/v1/subscribers/:subscriberId/preferences/global"),
        route(.patch, "/v1/subscribers/:subscriberId"),
        route(.get, "/v1/topics/:topicKey"),
    ])

    @Test func literalSegmentsWinOverParameters() throws {
        let (search, searchParams) = try #require(router.match(.get, "/v1/subscribers/search"))
        #expect(search.pattern == "/v1/subscribers/search" && searchParams.isEmpty)
        let (global, globalParams) = try #require(router.match(.get, "/v1/subscribers/u1/preferences/global"))
        #expect(global.pattern == "/v1/subscribers/:subscriberId/preferences/global")
        #expect(globalParams == ["subscriberId": "u1"])
    }

    @Test func parametersAreDecodedFromThePath() throws {
        let (route, params) = try #require(router.match(.get, "/v1/subscribers/a%2Fb%20c/preferences/wf-1"))
        #expect(route.pattern == "/v1/subscribers/:subscriberId/preferences/:workflowId")
        #expect(params == ["subscriberId": "a/b c", "workflowId": "wf-1"])
        let (_, unicode) = try #require(router.match(.get, "/v1/subscribers/jöe"))
        #expect(unicode == ["subscriberId": "jöe"])
    }

    @Test func methodAndShapeMustBothMatch() throws {
        #expect(router.match(.patch, "/v1/subscribers/u1")?.0.method == .patch)
        #expect(router.match(.delete, "/v1/subscribers/u1") == nil)
        #expect(router.match(.get, "/v1/subscriber/u1") == nil)
        #expect(router.match(.get, "/v1/subscribers") == nil)
        #expect(router.match(.get, "/v2/subscribers/u1") == nil)
        #expect(router.match(.get, "/v1/topics/t1/extra") == nil)
    }

    @Test func emptySegmentsAreIgnoredAsBefore() throws {
        let (route, params) = try #require(router.match(.get, "//v1//subscribers/u1/"))
        #expect(route.pattern == "/v1/subscribers/:subscriberId" && params == ["subscriberId": "u1"])
        #expect(router.match(.get, "/") == nil)
        #expect(router.match(.get, "") == nil)
    }
}
