import Testing

@testable import NovuKit

struct APIHeadersTests {
    @Test func namesMatchWithoutRegardToASCIICaseOnly() {
        #expect(APIHeaders.sameName("Content-Length", "content-LENGTH"))
        #expect(APIHeaders.sameName("X-Ä", "X-Ä"))
        #expect(!APIHeaders.sameName("X-Ä", "x-ä"), "only ASCII letters fold")
        #expect(!APIHeaders.sameName("A@", "a`"), "@ and ` differ by the case bit but are not letters")
        #expect(!APIHeaders.sameName("x[", "x{"))
        #expect(!APIHeaders.sameName("Accept", "Accept-Language"))
    }

    @Test func lookupsFindTheFirstValueAndSettingReplacesEveryOne() {
        var headers = APIHeaders([("Set-Cookie", "a"), ("X-Id", "1"), ("set-cookie", "b")])
        #expect(headers["SET-COOKIE"] == "a" && headers["x-id"] == "1" && headers["Missing"] == nil)
        headers["Set-Cookie"] = "c"
        #expect(headers.map(\.name) == ["X-Id", "Set-Cookie"] && headers["set-cookie"] == "c")
        headers["x-ID"] = nil
        #expect(headers.map(\.value) == ["c"])
    }

    @Test func pacingFieldsAreFoundInAnyCaseFirstValueFirst() {
        let headers = APIHeaders([
            ("content-type", "application/json"), ("ratelimit-remaining", "7"), ("RATELIMIT-RESET", "2"),
            ("RateLimit-Limit", "50"), ("RateLimit-Remaining", "1"), ("retry-after", "3"), ("Retry-After-Ms", "250"),
            ("RateLimit-Policy", "x"),
        ])
        let fields = RateLimitPacer.Fields(headers)
        #expect(fields.remaining == "7" && fields.reset == "2" && fields.limit == "50")
        #expect(fields.retryAfter == "3" && fields.retryAfterMilliseconds == "250")
        #expect(RateLimitPacer.retryAfter(fields) == .milliseconds(250))
        let none = RateLimitPacer.Fields(APIHeaders([("X-Request-Id", "abc")]))
        #expect(none.remaining == nil && none.retryAfter == nil && RateLimitPacer.retryAfter(none) == nil)
    }

    @Test(arguments: [("0", "2", 2000), (" 0\t", "\t1.5 ", 1500), ("0", "0.25", 250)])
    func noTokensLeftWaitsForTheResetGivenInWholeOrDecimalSecondsBetweenBlanks(
        remaining: String, reset: String, milliseconds: Int
    ) {
        let pacer = RateLimitPacer()
        let now = ContinuousClock.now
        let headers = APIHeaders([("RateLimit-Limit", "100"), ("RateLimit-Remaining", remaining), ("RateLimit-Reset", reset)])
        pacer.record(status: 200, fields: RateLimitPacer.Fields(headers), retryAfter: nil, now: now)
        #expect(pacer.delayBeforeSending(now: now) == .milliseconds(milliseconds))
    }
}
