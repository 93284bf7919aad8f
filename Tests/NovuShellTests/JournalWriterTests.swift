import Foundation
import JSONCore
import NovuTesting
import Testing

@testable import NovuShell

/// The journal's background writer: lines handed over in bursts are written together, each in its
/// own journal and in the order they were handed over.
@Suite struct JournalWriterTests {
    @Test func entriesOfTwoProfilesHandedOverInterleavedLandInOrderInTheirOwnJournals() throws {
        let home = try TemporaryHome()
        let paths = ShellPaths(environment: ["HOME": home.url.path])
        let journals = [Journal(profile: "dev", paths: paths), Journal(profile: "prod", paths: paths)]
        for index in 0..<600 {
            let journal = journals[index % 3 == 0 ? 1 : 0]
            let entry = JournalEntry(
                profile: index % 3 == 0 ? "prod" : "dev", operation: "subscribers.patch", method: "PATCH",
                route: "/v2/subscribers/u\(index)", body: nil, status: 200, before: nil)
            journal.appendLater(entry, completing: { $0.body = ["n": .int(Int64(index))] }, failed: { _ in })
        }
        let dev = journals[0].entries().map { $0.body?["n"]?.intValue ?? -1 }
        let prod = journals[1].entries().map { $0.body?["n"]?.intValue ?? -1 }
        #expect(dev == (0..<600).filter { $0 % 3 != 0 }.map(Int64.init))
        #expect(prod == stride(from: 0, to: 600, by: 3).map(Int64.init))
        #expect(Set(journals[0].entries().map(\.id)).count == dev.count, "every entry has its own id")
    }
}
