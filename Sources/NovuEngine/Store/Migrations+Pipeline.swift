import GRDB

extension Migrations {
    /// The trigger pipeline: notifications, their jobs, execution details and messages.
    ///
    /// Notifications and messages reference `subscribers(id) ON DELETE CASCADE`, so a v2 subscriber delete
    /// removes them; jobs and details go with their notification.
    static func registerPipeline(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-pipeline") { db in
            try db.execute(sql: """
                CREATE TABLE notifications (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    organizationId TEXT NOT NULL,
                    workflowId TEXT NOT NULL,
                    subscriberRowId TEXT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
                    transactionId TEXT NOT NULL,
                    payload TEXT NOT NULL DEFAULT '{}',
                    overrides TEXT NOT NULL DEFAULT '{}',
                    recipient TEXT,
                    actor TEXT,
                    tenant TEXT,
                    channels TEXT NOT NULL DEFAULT '[]',
                    tags TEXT NOT NULL DEFAULT '[]',
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL,
                    expireAt TEXT NOT NULL
                );
                CREATE INDEX notifications_environment_id ON notifications(environmentId, id);
                CREATE INDEX notifications_environment_transaction ON notifications(environmentId, transactionId);
                CREATE INDEX notifications_subscriber ON notifications(subscriberRowId);
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    notificationId TEXT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
                    subscriberRowId TEXT NOT NULL,
                    subscriberId TEXT NOT NULL,
                    transactionId TEXT NOT NULL,
                    workflowId TEXT NOT NULL,
                    stepIndex INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    step TEXT NOT NULL DEFAULT '{}',
                    digest TEXT,
                    digestGroup TEXT,
                    mergedDigestId TEXT,
                    parentId TEXT,
                    runAt REAL,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE INDEX jobs_due ON jobs(status, runAt) WHERE runAt IS NOT NULL;
                CREATE INDEX jobs_notification ON jobs(notificationId, stepIndex);
                CREATE INDEX jobs_environment_transaction ON jobs(environmentId, transactionId);
                CREATE INDEX jobs_digest_group ON jobs(digestGroup, status) WHERE digestGroup IS NOT NULL;
                CREATE INDEX jobs_merged ON jobs(mergedDigestId) WHERE mergedDigestId IS NOT NULL;
                CREATE TABLE execution_details (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    notificationId TEXT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
                    jobId TEXT NOT NULL,
                    subscriberRowId TEXT NOT NULL,
                    transactionId TEXT NOT NULL,
                    messageId TEXT,
                    channel TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    status TEXT NOT NULL,
                    source TEXT NOT NULL,
                    raw TEXT,
                    createdAt TEXT NOT NULL
                );
                CREATE INDEX execution_details_notification ON execution_details(notificationId, subscriberRowId, id);
                CREATE INDEX execution_details_job ON execution_details(jobId, id);
                CREATE TABLE messages (
                    id TEXT PRIMARY KEY NOT NULL,
                    environmentId TEXT NOT NULL,
                    organizationId TEXT NOT NULL,
                    notificationId TEXT NOT NULL,
                    jobId TEXT NOT NULL,
                    subscriberRowId TEXT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
                    workflowId TEXT NOT NULL,
                    stepId TEXT NOT NULL,
                    templateIdentifier TEXT NOT NULL,
                    transactionId TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    providerId TEXT,
                    content TEXT NOT NULL DEFAULT '""',
                    subject TEXT,
                    title TEXT,
                    cta TEXT NOT NULL DEFAULT '{}',
                    payload TEXT NOT NULL DEFAULT '{}',
                    overrides TEXT NOT NULL DEFAULT '{}',
                    actor TEXT,
                    avatar TEXT,
                    tags TEXT NOT NULL DEFAULT '[]',
                    data TEXT,
                    address TEXT,
                    seen INTEGER NOT NULL DEFAULT 0,
                    read INTEGER NOT NULL DEFAULT 0,
                    archived INTEGER NOT NULL DEFAULT 0,
                    lastSeenDate TEXT,
                    lastReadDate TEXT,
                    firstSeenAt TEXT,
                    archivedAt TEXT,
                    snoozedUntil TEXT,
                    deliveredAt TEXT NOT NULL DEFAULT '[]',
                    deleted INTEGER NOT NULL DEFAULT 0,
                    status TEXT NOT NULL,
                    errorText TEXT,
                    feedId TEXT,
                    severity TEXT NOT NULL DEFAULT 'none',
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL,
                    expireAt TEXT NOT NULL
                );
                CREATE INDEX messages_feed ON messages(subscriberRowId, channel, deleted, createdAt, id);
                CREATE INDEX messages_unseen ON messages(subscriberRowId, channel, deleted, seen);
                CREATE INDEX messages_environment_created ON messages(environmentId, deleted, createdAt, id);
                CREATE INDEX messages_environment_transaction ON messages(environmentId, transactionId);
                CREATE INDEX messages_notification_step ON messages(notificationId, stepId);
                """)
        }
        // The worker releases a job's successor by parentId after every step; without this index that
        // UPDATE scans the whole jobs table, so trigger throughput fell as the store grew.
        migrator.registerMigration("v3-jobs-parent-index") { db in
            try db.execute(sql: "CREATE INDEX jobs_parent ON jobs(parentId) WHERE parentId IS NOT NULL")
        }
        // v2 search filters by email or phone and pages by id: with (environmentId, email) alone SQLite
        // preferred the id-ordered index and scanned every subscriber (62 ms at 200,000).
        migrator.registerMigration("v4-subscriber-search-indexes") { db in
            try db.execute(
                sql: """
                    CREATE INDEX subscribers_search_email ON subscribers(environmentId, email, id);
                    CREATE INDEX subscribers_search_phone ON subscribers(environmentId, phone, id);
                    """)
        }
        // The worker takes due jobs in (runAt, id) order. With (status, runAt) SQLite read and sorted every
        // due job for each batch of 256, so a fan-out to 20,000 subscribers slowed down quadratically; this
        // index holds only waiting jobs, in the order the worker takes them. The (environmentId, email) and
        // (environmentId, phone) indexes are prefixes of the v4 search indexes and only cost writes.
        migrator.registerMigration("v5-worker-queue-index") { db in
            try db.execute(
                sql: """
                    CREATE INDEX jobs_waiting ON jobs(runAt, id) WHERE status IN ('pending', 'delayed') AND runAt IS NOT NULL;
                    DROP INDEX jobs_due;
                    DROP INDEX subscribers_environment_email;
                    DROP INDEX subscribers_environment_phone;
                    """)
        }
    }

    /// Indexes no query needs, each an index write per row the pipeline makes: execution details are
    /// read by notification, never by job; a trigger's jobs are found through its notifications (cancel).
    static func registerUnusedIndexDrop(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-drop-unused-pipeline-indexes") { db in
            try db.execute(sql: "DROP INDEX execution_details_job; DROP INDEX jobs_environment_transaction")
        }
    }
}
