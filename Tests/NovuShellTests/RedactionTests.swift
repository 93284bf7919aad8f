import JSONCore
import Testing

@testable import NovuShell

/// What the journal keeps of bodies and before-images: every secret-looking member blanked, at any
/// depth, and everything else as it was.
@Suite struct RedactionTests {
    @Test(arguments: [
        ("API_KEY", true), ("AccessToken", true), ("Authorization", true), ("KEY", true), ("clientSecret", true),
        ("DEVICETOKENS", false), ("monkey", false), ("subscriberId", false), ("", false),
    ])
    func secretNamesAreFoundWhateverTheirCase(name: String, redacted: Bool) {
        #expect(Redaction.isSecret(name) == redacted)
    }

    @Test func secretsAreBlankedAtAnyDepthAndTheRestIsKept() {
        let subscriber: JSON = [
            "subscriberId": "u1", "data": ["plan": "pro", "nested": [["apiKey": "K1"], ["note": "n"]]],
            "channels": [
                ["providerId": "slack", "credentials": ["webhookUrl": "https://hooks/SECRET", "channel": "c"]],
                ["providerId": "fcm", "credentials": ["deviceTokens": ["T1", "T2"]]],
            ],
            "password": nil,
        ]
        let redacted = Redaction.redact(subscriber)
        #expect(redacted["data"]?["nested"]?[0]?["apiKey"] == "[redacted]")
        #expect(redacted["data"]?["nested"]?[1] == ["note": "n"])
        #expect(redacted["channels"]?[0]?["credentials"] == ["webhookUrl": "[redacted]", "channel": "c"])
        #expect(redacted["channels"]?[1]?["credentials"]?["deviceTokens"] == ["T1", "T2"])
        #expect(redacted["password"] == .null, "an absent secret stays null")
        #expect(redacted["subscriberId"] == "u1")
        #expect(redacted["data"]?["plan"] == "pro")
    }

    @Test func aValueWithoutSecretsComesBackUnchanged() {
        let value: JSON = ["subscriberId": "u1", "channels": [["providerId": "fcm", "credentials": ["deviceTokens": ["T"]]]]]
        #expect(Redaction.redact(value) == value)
        #expect(Redaction.redact(["webhookUrl": "https://example"]) == ["webhookUrl": "https://example"], "outside credentials a webhook URL is kept")
    }

    @Test(arguments: [
        #"{"clientSecret":1}"#, #"{"x":"ToKeN"}"#, #"{"PASSWORD":1}"#, #"{"a":{"apiKey":1}}"#, #"{"API_KEY":1}"#,
        #"{"authorization":1}"#, #"{"webhookUrl":1}"#, #"{"KEY":1}"#, #"{"\u0074oken":1}"#, "token", #"x\u"#,
    ])
    func textWithASecretWordAnywhereMayHoldASecret(text: String) {
        #expect(Redaction.mayHoldSecret(ArraySlice(text.utf8)))
    }

    @Test(arguments: [
        #"{"subscriberId":"u1","firstName":"Ada","channels":[]}"#, #"{"monkey":"keys","tok":"en"}"#, #"{"k":"\n"}"#,
        "t", "", #"sec"#, #"\"#,
    ])
    func textWithoutSecretWordsNeedsNoRedaction(text: String) {
        #expect(!Redaction.mayHoldSecret(ArraySlice(text.utf8)))
    }
}
