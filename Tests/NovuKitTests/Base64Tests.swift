import Foundation
import Testing

@testable import NovuKit

struct Base64Tests {
    @Test func encodingMatchesFoundationAndDecodesBack() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString(), "length \(length)")
            #expect(Base64.decode(encoded) == bytes, "length \(length)")
        }
    }

    @Test func knownVectorsFromRFC4648() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test(arguments: ["Zg", "Zm9", "Z===", "Zm9v=", "Zm=v", "Zm9v\n", "Zm-v", "Zm_v", "Zm9vYg=A", " Zm9"])
    func malformedTextDecodesToNothing(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
