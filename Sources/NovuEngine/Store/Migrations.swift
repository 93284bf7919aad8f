import GRDB

/// The store's schema, as named migrations. A released migration is never edited: add a new one.
enum Migrations {
    /// The migrator with every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-organization") { db in
            try db.execute(sql: """
                CREATE TABLE environments (
                    id TEXT PRIMARY KEY NOT NULL,
                    organizationId TEXT NOT NULL,
                    name TEXT NOT NULL,
                    identifier TEXT NOT NULL UNIQUE,
                    apiKeyHash TEXT NOT NULL UNIQUE,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE TABLE notification_groups (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL REFERENCES environments(id),
                    name TEXT NOT NULL,
                    createdAt TEXT NOT NULL
                );
                CREATE INDEX notification_groups_environment ON notification_groups(environmentId);
                """)
        }
        migrator.registerMigration("v1-subscribers") { db in
            try db.execute(sql: """
                CREATE TABLE subscribers (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    subscriberId TEXT NOT NULL,
                    firstName TEXT, lastName TEXT, email TEXT, phone TEXT, avatar TEXT,
                    locale TEXT, timezone TEXT,
                    data TEXT,
                    channels TEXT NOT NULL DEFAULT '[]',
                    isOnline INTEGER,
                    lastOnlineAt TEXT,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE UNIQUE INDEX subscribers_environment_subscriberId ON subscribers(environmentId, subscriberId);
                CREATE INDEX subscribers_environment_email ON subscribers(environmentId, email);
                CREATE INDEX subscribers_environment_phone ON subscribers(environmentId, phone);
                CREATE INDEX subscribers_environment_updatedAt ON subscribers(environmentId, updatedAt, id);
                CREATE INDEX subscribers_environment_id ON subscribers(environmentId, id);
                """)
        }
        migrator.registerMigration("v1-topics") { db in
            try db.execute(sql: """
                CREATE TABLE topics (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    key TEXT NOT NULL,
                    name TEXT,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE UNIQUE INDEX topics_environment_key ON topics(environmentId, key);
                CREATE INDEX topics_environment_id ON topics(environmentId, id);
                CREATE INDEX topics_environment_updatedAt ON topics(environmentId, updatedAt, id);
                CREATE TABLE topic_subscriptions (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    topicId TEXT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
                    topicKey TEXT NOT NULL,
                    subscriberRowId TEXT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
                    externalSubscriberId TEXT NOT NULL,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE UNIQUE INDEX topic_subscriptions_topic_subscriber ON topic_subscriptions(topicId, subscriberRowId);
                CREATE INDEX topic_subscriptions_subscriber ON topic_subscriptions(subscriberRowId, id);
                CREATE INDEX topic_subscriptions_topic_id ON topic_subscriptions(topicId, id);
                """)
        }
        migrator.registerMigration("v1-workflows") { db in
            try db.execute(sql: """
                CREATE TABLE workflows (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    name TEXT NOT NULL,
                    triggerIdentifier TEXT NOT NULL,
                    description TEXT,
                    active INTEGER NOT NULL,
                    critical INTEGER NOT NULL DEFAULT 0,
                    allEnabled INTEGER NOT NULL DEFAULT 1,
                    tags TEXT NOT NULL DEFAULT '[]',
                    preferenceSettings TEXT NOT NULL DEFAULT '{}',
                    steps TEXT NOT NULL DEFAULT '[]',
                    data TEXT,
                    payloadSchema TEXT,
                    validatePayload INTEGER NOT NULL DEFAULT 0,
                    notificationGroupId TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    severity TEXT NOT NULL DEFAULT 'none',
                    deleted INTEGER NOT NULL DEFAULT 0,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE UNIQUE INDEX workflows_environment_trigger ON workflows(environmentId, triggerIdentifier)
                    WHERE deleted = 0;
                CREATE INDEX workflows_environment_created ON workflows(environmentId, deleted, id);
                """)
        }
        migrator.registerMigration("v1-preferences") { db in
            try db.execute(sql: """
                CREATE TABLE subscriber_preferences (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    subscriberRowId TEXT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
                    workflowId TEXT NOT NULL,
                    enabled INTEGER NOT NULL DEFAULT 1,
                    channels TEXT NOT NULL DEFAULT '{}',
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE UNIQUE INDEX subscriber_preferences_subscriber_workflow
                    ON subscriber_preferences(subscriberRowId, workflowId);
                CREATE INDEX subscriber_preferences_workflow ON subscriber_preferences(workflowId);
                """)
        }
        migrator.registerMigration("v1-integrations") { db in
            try db.execute(sql: """
                CREATE TABLE integrations (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    providerId TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    name TEXT NOT NULL,
                    identifier TEXT NOT NULL,
                    active INTEGER NOT NULL,
                    isPrimary INTEGER NOT NULL DEFAULT 0,
                    priority INTEGER NOT NULL DEFAULT 0,
                    credentials TEXT NOT NULL DEFAULT '{}',
                    conditions TEXT NOT NULL DEFAULT '[]',
                    deleted INTEGER NOT NULL DEFAULT 0,
                    deletedAt TEXT,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE UNIQUE INDEX integrations_environment_identifier ON integrations(environmentId, identifier)
                    WHERE deleted = 0;
                CREATE INDEX integrations_environment_provider ON integrations(environmentId, providerId, deleted);
                CREATE INDEX integrations_environment_channel ON integrations(environmentId, channel, deleted);
                """)
        }
        registerPipeline(&migrator)
        registerTopicSubscriptionDetails(&migrator)
        registerUnusedIndexDrop(&migrator)
        return migrator
    }
}
