extension OperationCatalogue {
    static let subscriberPreferences: [APIOperation] = [
        APIOperation(
            "subscribers.preferences.list", .get, "/v2/subscribers/{subscriberId}/preferences", status: [200],
            result: .object,
            query: [APIField("criticality", .oneOf(["critical", "nonCritical", "all"])), APIField("contextKeys", .stringOrStrings)],
            summary: "Get a subscriber's preferences: {global, workflows}",
            example: #"novu.subscribers.preferences.list("u1")"#),
        APIOperation(
            "subscribers.preferences.update", .patch, "/v2/subscribers/{subscriberId}/preferences", status: [200],
            result: .object,
            body: [
                APIField("channels", .object, "{email?, sms?, in_app?, push?, chat?: boolean}"),
                APIField("workflowId", .string, "workflow _id, identifier or slug; omit for global"),
                APIField("schedule", .object), APIField("context", .object),
            ],
            summary: "Change global or per-workflow channel preferences",
            example: #"novu.subscribers.preferences.update("u1", {workflowId = "welcome", channels = {email = false}})"#),
        APIOperation(
            "subscribers.preferences.bulk_update", .patch, "/v2/subscribers/{subscriberId}/preferences/bulk",
            status: [200], result: .list,
            body: [
                APIField("preferences", .array(.object), required: true, "up to 100 {workflowId, channels}"),
                APIField("context", .object),
            ],
            summary: "Change the preferences of up to 100 workflows at once",
            example: #"novu.subscribers.preferences.bulk_update("u1", {preferences = {{workflowId = "welcome", channels = {email = false}}}})"#),
        APIOperation(
            "subscribers.preferences.list_v1", .get, "/v1/subscribers/{subscriberId}/preferences", status: [200],
            result: .list,
            summary: "List a subscriber's per-workflow preferences (v1: [{template, preference}])",
            example: #"novu.subscribers.preferences.list_v1("u1")"#),
        APIOperation(
            "subscribers.preferences.global", .get, "/v1/subscribers/{subscriberId}/preferences/global", status: [200],
            result: .list,
            summary: "Get a subscriber's global preference (v1)",
            example: #"novu.subscribers.preferences.global("u1")"#),
        APIOperation(
            "subscribers.preferences.by_level", .get, "/v1/subscribers/{subscriberId}/preferences/{parameter}",
            status: [200], result: .list,
            summary: "Get preferences at one level, \"global\" or \"template\" (v1)",
            example: #"novu.subscribers.preferences.by_level("u1", "template")"#),
        APIOperation(
            "subscribers.preferences.update_global", .patch, "/v1/subscribers/{subscriberId}/preferences",
            status: [200], result: .object,
            body: [APIField("enabled", .boolean), APIField("preferences", .array(.object), "[{type, enabled}]")],
            summary: "Change a subscriber's global preference (v1)",
            example: #"novu.subscribers.preferences.update_global("u1", {preferences = {{type = "email", enabled = false}}})"#),
        APIOperation(
            "subscribers.preferences.update_workflow", .patch,
            "/v1/subscribers/{subscriberId}/preferences/{workflowId}", status: [200], result: .object,
            body: [APIField("channel", .object, "{type, enabled}"), APIField("enabled", .boolean)],
            summary: "Change a subscriber's preference for one workflow by its _id (v1)",
            example: #"novu.subscribers.preferences.update_workflow("u1", wf._id, {channel = {type = "email", enabled = false}})"#),
    ]

    static let notificationFilterQuery: [APIField] = [
        APIField("limit", .integer, "1–100, default 10"),
        APIField("after", .string, "id of the last notification seen"),
        APIField("offset", .integer, "≥ 0, ignored with after"),
        APIField("read", .boolean), APIField("archived", .boolean), APIField("snoozed", .boolean),
        APIField("seen", .boolean), APIField("tags", .stringOrStrings),
        APIField("data", .string, "JSON string; exact match on data.*"),
        APIField("severity", .stringOrStrings, "high|medium|low|none"),
        APIField("createdGte", .number, "epoch ms"), APIField("createdLte", .number, "epoch ms"),
        APIField("contextKeys", .stringOrStrings),
    ]

    static let bulkNotificationBody: [APIField] = [
        APIField("tags", .array(.string)), APIField("data", .string, "JSON string"),
        APIField("contextKeys", .array(.string)),
    ]

    static let subscriberNotifications: [APIOperation] = {
        let base = "/v2/subscribers/{subscriberId}/notifications"
        var operations: [APIOperation] = [
            APIOperation(
                "subscribers.notifications.list", .get, base, status: [200], result: .cursorPage,
                query: notificationFilterQuery,
                summary: "List in-app notifications: {data, hasMore, filter}",
                example: #"novu.subscribers.notifications.list("u1", {read = false, limit = 20})"#),
            APIOperation(
                "subscribers.notifications.count", .get, base + "/count", status: [200], result: .list,
                query: [APIField("filters", .any, required: true, "JSON array (or a list of tables) of up to 30 filters")],
                summary: "Count notifications for each filter: [{count, filter}]",
                example: #"novu.subscribers.notifications.count("u1", {filters = {{read = false}}})"#),
            APIOperation(
                "subscribers.notifications.delete", .delete, base + "/{notificationId}", status: [204], result: .empty,
                summary: "Delete one notification",
                example: #"novu.subscribers.notifications.delete("u1", id)"#),
            APIOperation(
                "subscribers.notifications.snooze", .patch, base + "/{notificationId}/snooze", status: [200],
                result: .object,
                body: [APIField("snoozeUntil", .string, required: true, "ISO date at least a minute ahead")],
                summary: "Snooze a notification until a time",
                example: #"novu.subscribers.notifications.snooze("u1", id, {snoozeUntil = "2030-01-01T00:00:00Z"})"#),
            APIOperation(
                "subscribers.notifications.complete_action", .patch, base + "/{notificationId}/actions/{actionType}/complete",
                status: [200], result: .object,
                summary: "Mark the primary or secondary action of a notification as completed",
                example: #"novu.subscribers.notifications.complete_action("u1", id, "primary")"#),
            APIOperation(
                "subscribers.notifications.revert_action", .patch, base + "/{notificationId}/actions/{actionType}/revert",
                status: [200], result: .object,
                summary: "Revert a completed primary or secondary action",
                example: #"novu.subscribers.notifications.revert_action("u1", id, "primary")"#),
            APIOperation(
                "subscribers.notifications.mark_as_seen", .post, base + "/seen", status: [204], result: .empty,
                body: [APIField("notificationIds", .array(.string))] + bulkNotificationBody,
                summary: "Mark notifications as seen (by ids, tags or data)",
                example: #"novu.subscribers.notifications.mark_as_seen("u1", {notificationIds = {id}})"#),
        ]
        let single: [(String, String, String)] = [
            ("mark_as_read", "read", "Mark one notification as read"),
            ("mark_as_unread", "unread", "Mark one notification as unread"),
            ("archive", "archive", "Archive one notification"),
            ("unarchive", "unarchive", "Unarchive one notification"),
            ("unsnooze", "unsnooze", "Wake a snoozed notification"),
        ]
        for (name, segment, summary) in single {
            operations.append(
                APIOperation(
                    "subscribers.notifications.\(name)", .patch, base + "/{notificationId}/\(segment)", status: [200],
                    result: .object, summary: summary,
                    example: "novu.subscribers.notifications.\(name)(\"u1\", id)"))
        }
        let all: [(String, String, String)] = [
            ("mark_all_as_read", "read", "Mark every matching notification as read"),
            ("archive_all", "archive", "Archive every matching notification"),
            ("archive_all_read", "read-archive", "Archive every read notification"),
            ("delete_all", "delete", "Delete every matching notification"),
        ]
        for (name, segment, summary) in all {
            operations.append(
                APIOperation(
                    "subscribers.notifications.\(name)", .post, base + "/\(segment)", status: [204], result: .empty,
                    body: bulkNotificationBody, summary: summary,
                    example: "novu.subscribers.notifications.\(name)(\"u1\")"))
        }
        operations += [
            APIOperation(
                "subscribers.notifications.feed", .get, "/v1/subscribers/{subscriberId}/notifications/feed",
                status: [200], result: .page,
                query: pageQuery + [
                    APIField("read", .boolean), APIField("seen", .boolean),
                    APIField("payload", .string, "base64 of a JSON object; partial match on payload.*"),
                    APIField("feedIdentifier", .stringOrStrings),
                ],
                deprecated: true,
                summary: "The v1 in-app feed (totalCount is capped at limit, as in Novu)",
                example: #"novu.subscribers.notifications.feed("u1", {seen = false})"#),
            APIOperation(
                "subscribers.notifications.unseen_count", .get, "/v1/subscribers/{subscriberId}/notifications/unseen",
                status: [200], result: .object,
                query: [
                    APIField("seen", .boolean, "default false"), APIField("limit", .integer, "cap, default 100"),
                    APIField("feedIdentifier", .stringOrStrings),
                ],
                deprecated: true,
                summary: "Count unseen in-app messages: {count}",
                example: #"novu.subscribers.notifications.unseen_count("u1")"#),
        ]
        return operations
    }()

    static let subscriberMessages: [APIOperation] = [
        APIOperation(
            "subscribers.messages.mark_all_as", .post, "/v1/subscribers/{subscriberId}/messages/mark-as", status: [201],
            result: .list,
            body: [
                APIField("messageId", .stringOrStrings, required: true, "one id, a comma-separated list or a list"),
                APIField("markAs", .oneOf(["read", "seen", "unread", "unseen"]), required: true),
            ],
            deprecated: true,
            summary: "Mark some in-app messages as read, seen, unread or unseen",
            example: #"novu.subscribers.messages.mark_all_as("u1", {messageId = {id}, markAs = "read"})"#),
        APIOperation(
            "subscribers.messages.mark_all", .post, "/v1/subscribers/{subscriberId}/messages/mark-all", status: [201],
            result: .scalar,
            body: [
                APIField("markAs", .oneOf(["read", "seen", "unread", "unseen"]), required: true),
                APIField("feedIdentifier", .stringOrStrings),
            ],
            deprecated: true,
            summary: "Mark every in-app message of a subscriber; returns how many changed",
            example: #"novu.subscribers.messages.mark_all("u1", {markAs = "read"})"#),
        APIOperation(
            "subscribers.messages.update_as_seen", .post,
            "/v1/subscribers/{subscriberId}/messages/{messageId}/actions/{type}", status: [201], result: .object,
            body: [
                APIField("status", .oneOf(["pending", "done"]), required: true),
                APIField("payload", .object, "stored as the action's result payload"),
            ],
            deprecated: true,
            summary: "Set the state of a message's primary or secondary action button",
            example: #"novu.subscribers.messages.update_as_seen("u1", id, "primary", {status = "done"})"#),
        APIOperation(
            "subscribers.messages.mark_as", .post, "/v1/subscribers/{subscriberId}/messages/markAs", status: [201],
            result: .list,
            body: [
                APIField("messageId", .stringOrStrings, required: true),
                APIField("mark", .object, required: true, "{seen?, read?}: sets exactly these flags"),
            ],
            deprecated: true,
            summary: "Legacy mark-as: set the seen/read flags of messages exactly",
            example: #"novu.subscribers.messages.mark_as("u1", {messageId = id, mark = {seen = true}})"#),
    ]
}
