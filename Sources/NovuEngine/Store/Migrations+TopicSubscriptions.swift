import GRDB

extension Migrations {
    /// Topic subscription details for `GET|PATCH /v2/topics/:topicKey/subscriptions/:identifier`.
    ///
    /// Adds the subscription's own `identifier` (given at creation, or Novu's default
    /// `tk_<topicKey>:si_<subscriberId>`, which existing rows are given here), its `name` and its
    /// per-workflow `preferences` (a JSON array), and an index to find a subscription by identifier.
    static func registerTopicSubscriptionDetails(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-topic-subscription-details") { db in
            try db.execute(
                sql: """
                    ALTER TABLE topic_subscriptions ADD COLUMN identifier TEXT;
                    ALTER TABLE topic_subscriptions ADD COLUMN name TEXT;
                    ALTER TABLE topic_subscriptions ADD COLUMN preferences TEXT;
                    UPDATE topic_subscriptions SET identifier = 'tk_' || topicKey || ':si_' || externalSubscriberId;
                    CREATE INDEX topic_subscriptions_topic_identifier ON topic_subscriptions(topicId, identifier);
                    """)
        }
    }
}
