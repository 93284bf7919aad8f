import Foundation
import NovuKit
import Testing

@testable import NovuEngine

struct SupportTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256MatchesKnownVectors(input: String, expected: String) {
        #expect(SHA256.hex(input) == expected)
    }

    /// Messages around the block boundaries, where the padding takes one block or two.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func sha256PadsAtBlockBoundaries(length: Int, expected: String) {
        let message = [UInt8](repeating: 0x61, count: length)
        #expect(SHA256.hex(bytes: message) == expected)
        #expect(SHA256.hex(bytes: message[...]) == expected)
        #expect(SHA256.hex(String(repeating: "a", count: length)) == expected)
    }

    @Test func sha256HandlesMultiBlockInput() {
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(SHA256.hex(bytes: million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func objectIdsAreHexAndSortByCreationTime() {
        let generator = ObjectIDGenerator()
        let early = generator.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let sameSecond = generator.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let later = generator.make(at: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(early.count == 24 && ObjectIDGenerator.isValid(early))
        #expect(early < sameSecond && sameSecond < later)
        #expect(early.hasPrefix("6553f100"))
    }

    @Test func idsMadeTogetherAreDistinctValidAndInCreationOrder() {
        let generator = ObjectIDGenerator()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let single = generator.make(at: now)
        let batch = generator.make(count: 1000, at: now)
        let after = generator.make(at: now)
        #expect(batch.count == 1000)
        #expect(Set(batch + [single, after]).count == 1002)
        #expect(batch.allSatisfy(ObjectIDGenerator.isValid))
        #expect(batch.allSatisfy { $0.prefix(18) == single.prefix(18) })
        let counters = ([single] + batch + [after]).map { UInt32($0.suffix(6), radix: 16)! }
        #expect(zip(counters, counters.dropFirst()).allSatisfy { ($0 + 1) & 0xff_ffff == $1 })
        #expect(generator.make(count: 0, at: now).isEmpty)
    }

    @Test func isoTimeHasMillisecondsAndRoundTrips() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123)
        #expect(ISOTime.format(date) == "2023-11-14T22:13:20.123Z")
        #expect(ISOTime.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(ISOTime.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
        let parsed = try #require(ISOTime.parse("2023-11-14T22:13:20.123Z"))
        #expect(abs(parsed.timeIntervalSince(date)) < 0.001)
    }

    @Test func queryIntegersAcceptDecimalPointButNotFractions() {
        #expect(QueryReader.integer("10.0") == 10)
        #expect(QueryReader.integer("7") == 7)
        #expect(QueryReader.integer("1.5") == nil)
        #expect(QueryReader.integer("abc") == nil)
    }
}
