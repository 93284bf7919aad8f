import GRDB
import JSONCore

/// What the jobs of one worker batch read, loaded with one query per table for the whole batch instead
/// of a few queries per job: the notifications, subscribers, stored preferences and workflows they
/// belong to, and which of their notifications already have a message for a step.
///
/// Valid for one write transaction, in which jobs create messages (recorded here with
/// ``noteMessage(notificationId:stepId:)``) but change no notification, subscriber, preference or workflow.
final class BatchLookup {
    private var notifications: [String: NotificationRecord] = [:]
    private var subscribers: [String: SubscriberRecord] = [:]
    private var preferences: [String: [String: PreferenceRecord]] = [:]
    private var workflows: [String: WorkflowRecord?] = [:]
    private var defaultPreferences: [String: ResolvedPreferences] = [:]
    private var messages: Set<String> = []

    /// Loads what `jobs` will read.
    /// - Throws: SQLite errors.
    init(_ db: Database, jobs: [JobRecord]) throws {
        let notificationIds = JSONColumn.text(.array(Set(jobs.map(\.notificationId)).map(JSON.string)))
        let subscriberIds = JSONColumn.text(.array(Set(jobs.map(\.subscriberRowId)).map(JSON.string)))
        let memo = JSONMemo()
        for notification in try db.cachedStatement(sql: "SELECT * FROM notifications WHERE id IN (SELECT value FROM json_each(?))")
            .decodeRows([notificationIds.databaseValue], { NotificationRecord(columns: $0, memo: memo) })
        {
            notifications[notification.id] = notification
        }
        for subscriber in try db.cachedStatement(sql: "SELECT * FROM subscribers WHERE id IN (SELECT value FROM json_each(?))")
            .decodeRows([subscriberIds.databaseValue], SubscriberRecord.init(columns:))
        {
            subscribers[subscriber.id] = subscriber
            preferences[subscriber.id] = [:]
        }
        for preference in try PreferenceRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM subscriber_preferences WHERE subscriberRowId IN (SELECT value FROM json_each(?))"),
            arguments: [subscriberIds])
        where preferences[preference.subscriberRowId]?[preference.workflowId] == nil {
            preferences[preference.subscriberRowId]?[preference.workflowId] = preference
        }
        for key in try db.cachedStatement(sql: """
            SELECT notificationId, stepId FROM messages
            WHERE notificationId IN (SELECT value FROM json_each(?)) AND deleted = 0
            """).decodeRows([notificationIds.databaseValue], { Self.messageKey($0["notificationId"], $0["stepId"]) })
        {
            messages.insert(key)
        }
    }

    /// The job's notification, or `nil` when it no longer exists.
    func notification(id: String) -> NotificationRecord? { notifications[id] }

    /// The job's subscriber, or `nil` when it no longer exists.
    func subscriber(rowId: String) -> SubscriberRecord? { subscribers[rowId] }

    /// The subscriber's preferences for `workflow`, resolved; one resolution per workflow is shared
    /// by every subscriber of the batch who stored no preference of their own.
    func resolvedPreferences(workflow: WorkflowRecord, subscriberRowId: String) -> ResolvedPreferences {
        let stored = preferences[subscriberRowId] ?? [:]
        let global = stored[PreferenceRecord.globalWorkflowId]
        let own = stored[workflow.id]
        guard global == nil, own == nil else {
            return PreferenceResolver.resolve(workflow: workflow, global: global, subscriberWorkflow: own)
        }
        if let known = defaultPreferences[workflow.id] { return known }
        let resolved = PreferenceResolver.resolve(workflow: workflow, global: nil, subscriberWorkflow: nil)
        defaultPreferences[workflow.id] = resolved
        return resolved
    }

    func workflow(_ db: Database, id: String) throws -> WorkflowRecord? {
        if let known = workflows[id] { return known }
        let workflow = try WorkflowRecord.find(db, id: id)
        workflows[id] = workflow
        return workflow
    }

    /// Whether the notification may already have a live message for the step.
    func mayHaveMessage(notificationId: String, stepId: String) -> Bool {
        messages.contains(Self.messageKey(notificationId, stepId))
    }

    /// Records a message created during the batch.
    func noteMessage(notificationId: String, stepId: String) {
        messages.insert(Self.messageKey(notificationId, stepId))
    }

    private static func messageKey(_ notificationId: String, _ stepId: String) -> String { notificationId + " " + stepId }
}
