import Foundation
import GRDB
import NovuKit

/// Creates the organization on a new store: Development and Production environments with their API
/// keys, a default notification group, and one active integration per channel for common providers.
enum OrganizationSeeder {
    /// The providers every new environment starts with: (providerId, channel, name).
    static let defaultIntegrations: [(String, String, String)] = [
        ("novu", "in_app", "Novu In-App"),
        ("novu-email", "email", "Novu Email"),
        ("novu-sms", "sms", "Novu SMS"),
        ("slack", "chat", "Slack"),
        ("discord", "chat", "Discord"),
        ("msteams", "chat", "MSTeams"),
        ("fcm", "push", "Firebase Cloud Messaging"),
        ("apns", "push", "APNS"),
        ("expo", "push", "Expo Push"),
    ]

    /// Seeds the organization unless one exists; returns the keys when it created them.
    ///
    /// - Parameter developmentKey: the Development key to use instead of a random one.
    static func seedIfNeeded(_ db: Database, developmentKey: String?, ids: ObjectIDGenerator, now: Date) throws -> APIKeys? {
        guard try EnvironmentRecord.fetchCount(db) == 0 else { return nil }
        let stamp = ISOTime.format(now)
        let organizationId = ids.make(at: now)
        let keys = APIKeys(development: developmentKey ?? randomToken(bytes: 16), production: randomToken(bytes: 16))
        for (name, key) in [("Development", keys.development), ("Production", keys.production)] {
            let environment = EnvironmentRecord(
                id: ids.make(at: now), organizationId: organizationId, name: name,
                identifier: randomToken(bytes: 6), apiKeyHash: SHA256.hex(key), createdAt: stamp)
            try environment.insert(db)
            try NotificationGroupRecord(id: ids.make(at: now), environmentId: environment.id, name: "General", createdAt: stamp)
                .insert(db)
            var primarySeen = Set<String>()
            for (providerId, channel, title) in defaultIntegrations {
                var integration = IntegrationRecord(
                    id: ids.make(at: now), environmentId: environment.id, providerId: providerId, channel: channel,
                    name: title, identifier: providerId, now: stamp)
                // Novu marks one integration primary per email and sms channel.
                if channel == "email" || channel == "sms", primarySeen.insert(channel).inserted {
                    integration.primary = true
                    integration.priority = 1
                }
                try integration.insert(db)
            }
        }
        return keys
    }

    /// A random hex token of `bytes` bytes.
    static func randomToken(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
