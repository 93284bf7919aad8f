extension OperationCatalogue {
    static let messages: [APIOperation] = [
        APIOperation(
            "messages.retrieve", .get, "/v1/messages", status: [200], result: .page,
            query: [
                APIField("channel", .oneOf(channelNames)), APIField("subscriberId", .string),
                APIField("transactionId", .stringOrStrings), APIField("page", .integer, "default 0"),
                APIField("limit", .integer, "default 10, at most 1000"), APIField("contextKeys", .stringOrStrings),
            ],
            summary: "List messages of every channel, newest first",
            example: #"novu.messages.retrieve({subscriberId = "u1", channel = "email"})"#),
        APIOperation(
            "messages.delete", .delete, "/v1/messages/{messageId}", status: [200], result: .object,
            summary: "Delete one message",
            example: #"novu.messages.delete(id)"#),
        APIOperation(
            "messages.delete_by_transaction_id", .delete, "/v1/messages/transaction/{transactionId}", status: [204],
            result: .empty, query: [APIField("channel", .oneOf(channelNames))],
            summary: "Delete every message of a transaction (optionally of one channel)",
            example: #"novu.messages.delete_by_transaction_id("txn-42", {channel = "email"})"#),
    ]

    static let activity: [APIOperation] = [
        APIOperation(
            "notifications.list", .get, "/v1/notifications", status: [200], result: .page,
            query: [
                APIField("page", .integer), APIField("limit", .integer),
                APIField("channels", .array(.oneOf(channelNames))), APIField("templates", .array(.string), "workflow _ids"),
                APIField("emails", .array(.string)), APIField("subscriberIds", .array(.string)),
                APIField("search", .string, "deprecated: email substring or subscriberId"),
                APIField("transactionId", .string), APIField("topicKey", .string),
            ],
            summary: "The activity feed: notifications with subscriber, workflow and jobs, 10 a page",
            example: #"novu.notifications.list({subscriberIds = {"u1"}})"#),
        APIOperation(
            "notifications.retrieve", .get, "/v1/notifications/{notificationId}", status: [200], result: .object,
            summary: "One notification with its jobs and execution details",
            example: #"novu.notifications.retrieve(id)"#),
        APIOperation(
            "notifications.stats", .get, "/v1/notifications/stats", status: [200], result: .object,
            summary: "Notifications sent in the last week and month: {weeklySent, monthlySent}",
            example: #"novu.notifications.stats()"#),
        APIOperation(
            "notifications.graph_stats", .get, "/v1/notifications/graph/stats", status: [200], result: .list,
            query: [APIField("days", .integer, "default 32")],
            summary: "Notifications per day: [{_id = \"YYYY-MM-DD\", count, templates, channels}]",
            example: #"novu.notifications.graph_stats({days = 7})"#),
        APIOperation(
            "execution_details.list", .get, "/v1/execution-details", status: [200], result: .list,
            query: [
                APIField("notificationId", .string, required: true), APIField("subscriberId", .string, required: true),
            ],
            summary: "The execution trail of one notification for one subscriber",
            example: #"novu.execution_details.list({notificationId = id, subscriberId = "u1"})"#),
    ]

    static let topics: [APIOperation] = [
        APIOperation(
            "topics.list", .get, "/v2/topics", status: [200], result: .cursorPage,
            query: cursorQuery + [APIField("key", .string), APIField("name", .string)],
            summary: "List topics (cursor page)",
            example: #"novu.topics.list({limit = 50})"#),
        APIOperation(
            "topics.create", .post, "/v2/topics", status: [200, 201], result: .object,
            query: [APIField("failIfExists", .boolean)],
            body: [APIField("key", .string, required: true), APIField("name", .string)],
            summary: "Create a topic, or rename it when the key exists",
            example: #"novu.topics.create({key = "beta-users", name = "Beta users"})"#),
        APIOperation(
            "topics.get", .get, "/v2/topics/{topicKey}", status: [200], result: .object,
            summary: "Get one topic", example: #"novu.topics.get("beta-users")"#),
        APIOperation(
            "topics.update", .patch, "/v2/topics/{topicKey}", status: [200], result: .object,
            body: [APIField("name", .string, required: true)],
            summary: "Rename a topic", example: #"novu.topics.update("beta-users", {name = "Beta"})"#),
        APIOperation(
            "topics.delete", .delete, "/v2/topics/{topicKey}", status: [200], result: .object,
            summary: "Delete a topic and its subscriptions", example: #"novu.topics.delete("beta-users")"#),
        APIOperation(
            "topics.subscriptions.list", .get, "/v2/topics/{topicKey}/subscriptions", status: [200],
            result: .cursorPage, query: cursorQuery + [APIField("subscriberId", .string)],
            summary: "List a topic's subscriptions",
            example: #"novu.topics.subscriptions.list("beta-users")"#),
        APIOperation(
            "topics.subscriptions.create", .post, "/v2/topics/{topicKey}/subscriptions", status: [201], result: .object,
            body: [
                APIField("subscriberIds", .array(.string)),
                APIField("subscriptions", .array(.any), "subscriber ids or {identifier, subscriberId}"),
                APIField("name", .string), APIField("context", .object), APIField("preferences", .array(.object)),
            ],
            summary: "Subscribe subscribers to a topic: {data, meta, errors}",
            example: #"novu.topics.subscriptions.create("beta-users", {subscriberIds = {"u1", "u2"}})"#),
        APIOperation(
            "topics.subscriptions.delete", .delete, "/v2/topics/{topicKey}/subscriptions", status: [200],
            result: .object,
            body: [APIField("subscriberIds", .array(.string)), APIField("subscriptions", .array(.any))],
            summary: "Unsubscribe subscribers from a topic",
            example: #"novu.topics.subscriptions.delete("beta-users", {subscriberIds = {"u1"}})"#),
        APIOperation(
            "topics.subscriptions.get_subscription", .get, "/v2/topics/{topicKey}/subscriptions/{identifier}",
            status: [200], result: .object,
            summary: "Get one topic subscription by identifier (or subscriberId): {id, identifier, name, preferences}",
            example: #"novu.topics.subscriptions.get_subscription("beta-users", "tk_beta-users:si_u1")"#),
        APIOperation(
            "topics.subscriptions.update", .patch, "/v2/topics/{topicKey}/subscriptions/{identifier}", status: [200],
            result: .object,
            body: [
                APIField("name", .string, "null clears it"),
                APIField(
                    "preferences", .array(.any),
                    "replaces all: workflow ids, {workflowId, enabled?, condition?} or {filter = {workflowIds?, tags?}, enabled?}"),
            ],
            summary: "Rename a topic subscription or replace its workflow preferences",
            example: #"novu.topics.subscriptions.update("beta-users", "u1", {preferences = {{workflowId = "welcome", enabled = false}}})"#),
        APIOperation(
            "topics.subscribers.retrieve", .get, "/v1/topics/{topicKey}/subscribers/{externalSubscriberId}",
            status: [200], result: .object,
            summary: "Check that a subscriber belongs to a topic (404 when not)",
            example: #"novu.topics.subscribers.retrieve("beta-users", "u1")"#),
        APIOperation(
            "topics.subscribers.add", .post, "/v1/topics/{topicKey}/subscribers", status: [200], result: .object,
            body: [APIField("subscribers", .array(.string), required: true, "subscriber ids")],
            summary: "Add subscribers to a topic, creating it if needed (v1): {succeeded, failed?}",
            example: #"novu.topics.subscribers.add("beta-users", {subscribers = {"u1"}})"#),
        APIOperation(
            "topics.subscribers.remove", .post, "/v1/topics/{topicKey}/subscribers/removal", status: [204],
            result: .empty, body: [APIField("subscribers", .array(.string), required: true)],
            summary: "Remove subscribers from a topic (v1)",
            example: #"novu.topics.subscribers.remove("beta-users", {subscribers = {"u1"}})"#),
        APIOperation(
            "topics.list_v1", .get, "/v1/topics", status: [200], result: .page,
            query: [
                APIField("page", .integer), APIField("pageSize", .integer, "at most 10"), APIField("key", .string),
            ],
            summary: "List topics page by page (v1)", example: #"novu.topics.list_v1({pageSize = 10})"#),
        APIOperation(
            "topics.create_v1", .post, "/v1/topics", status: [201], result: .object,
            body: [APIField("key", .string, required: true), APIField("name", .string, required: true)],
            summary: "Create a topic (v1: 409 when the key exists)",
            example: #"novu.topics.create_v1({key = "beta-users", name = "Beta users"})"#),
        APIOperation(
            "topics.get_v1", .get, "/v1/topics/{topicKey}", status: [200], result: .object,
            summary: "Get a topic with its subscriber ids (v1)", example: #"novu.topics.get_v1("beta-users")"#),
        APIOperation(
            "topics.rename", .patch, "/v1/topics/{topicKey}", status: [200], result: .object,
            body: [APIField("name", .string, required: true)],
            summary: "Rename a topic (v1)", example: #"novu.topics.rename("beta-users", {name = "Beta"})"#),
        APIOperation(
            "topics.delete_v1", .delete, "/v1/topics/{topicKey}", status: [204], result: .empty,
            summary: "Delete a topic without subscribers (v1: 409 otherwise)",
            example: #"novu.topics.delete_v1("beta-users")"#),
    ]

    static let workflows: [APIOperation] = [
        APIOperation(
            "workflows.create", .post, "/v2/workflows", status: [201], result: .object,
            body: [
                APIField("name", .string, required: true), APIField("workflowId", .string, required: true),
                APIField("steps", .array(.object), required: true, "[{name, type, controlValues}]"),
                APIField("description", .string), APIField("tags", .array(.string)), APIField("active", .boolean),
                APIField("preferences", .object), APIField("severity", .oneOf(["high", "medium", "low", "none"])),
                APIField("payloadSchema", .object), APIField("validatePayload", .boolean), APIField("__source", .string),
            ],
            summary: "Create a workflow (v2 shape)",
            example: #"novu.workflows.create({name = "Welcome", workflowId = "welcome", steps = {{name = "inbox", type = "in_app", controlValues = {body = "Hi"}}}})"#),
        APIOperation(
            "workflows.list", .get, "/v2/workflows", status: [200], result: .object,
            query: [
                APIField("limit", .integer), APIField("offset", .integer),
                APIField("orderDirection", .oneOf(["ASC", "DESC"])), APIField("orderBy", .string),
                APIField("query", .string), APIField("tags", .array(.string)), APIField("status", .array(.string)),
            ],
            summary: "List workflows: {workflows, totalCount}", example: #"novu.workflows.list({query = "welcome"})"#),
        APIOperation(
            "workflows.get", .get, "/v2/workflows/{workflowId}", status: [200], result: .object,
            query: [APIField("environmentId", .string)],
            summary: "Get a workflow by id or identifier", example: #"novu.workflows.get("welcome")"#),
        APIOperation(
            "workflows.update", .put, "/v2/workflows/{workflowId}", status: [200], result: .object,
            body: [
                APIField("name", .string, required: true), APIField("steps", .array(.object), required: true),
                APIField("preferences", .object, required: true), APIField("description", .string),
                APIField("tags", .array(.string)), APIField("active", .boolean), APIField("workflowId", .string),
                APIField("severity", .string), APIField("origin", .string),
            ],
            summary: "Replace a workflow", example: #"novu.workflows.update("welcome", wf)"#),
        APIOperation(
            "workflows.patch", .patch, "/v2/workflows/{workflowId}", status: [200], result: .object,
            body: [
                APIField("active", .boolean), APIField("name", .string), APIField("description", .string),
                APIField("tags", .array(.string)), APIField("payloadSchema", .object), APIField("validatePayload", .boolean),
            ],
            summary: "Change some fields of a workflow", example: #"novu.workflows.patch("welcome", {active = false})"#),
        APIOperation(
            "workflows.delete", .delete, "/v2/workflows/{workflowId}", status: [204], result: .empty,
            summary: "Delete a workflow", example: #"novu.workflows.delete("welcome")"#),
        APIOperation(
            "workflows.list_v1", .get, "/v1/workflows", status: [200], result: .page,
            query: pageQuery + [APIField("query", .string, "name or identifier")],
            summary: "List workflows page by page (v1)", example: #"novu.workflows.list_v1({query = "welcome"})"#),
        APIOperation(
            "workflows.create_v1", .post, "/v1/workflows", status: [201], result: .object,
            body: [
                APIField("name", .string, required: true), APIField("notificationGroupId", .string, required: true),
                APIField("steps", .array(.object)), APIField("tags", .array(.string)), APIField("description", .string),
                APIField("active", .boolean), APIField("critical", .boolean), APIField("preferenceSettings", .object),
                APIField("data", .object),
            ],
            summary: "Create a workflow (v1 shape; Development environment only)",
            example: #"novu.workflows.create_v1({name = "Welcome", notificationGroupId = group._id, steps = {}})"#),
        APIOperation(
            "workflows.get_v1", .get, "/v1/workflows/{workflowId}", status: [200], result: .object,
            summary: "Get a workflow by _id (v1)", example: #"novu.workflows.get_v1(id)"#),
        APIOperation(
            "workflows.update_v1", .put, "/v1/workflows/{workflowId}", status: [200], result: .object,
            body: [
                APIField("name", .string), APIField("tags", .array(.string)), APIField("description", .string),
                APIField("identifier", .string), APIField("steps", .array(.object)),
                APIField("notificationGroupId", .string), APIField("critical", .boolean),
                APIField("preferenceSettings", .object), APIField("data", .object),
            ],
            summary: "Update a workflow (v1)", example: #"novu.workflows.update_v1(id, {name = "Welcome 2"})"#),
        APIOperation(
            "workflows.update_status", .put, "/v1/workflows/{workflowId}/status", status: [200], result: .object,
            body: [APIField("active", .boolean, required: true)],
            summary: "Activate or deactivate a workflow (v1)",
            example: #"novu.workflows.update_status(id, {active = true})"#),
        APIOperation(
            "workflows.delete_v1", .delete, "/v1/workflows/{workflowId}", status: [200], result: .scalar,
            summary: "Delete a workflow (v1)", example: #"novu.workflows.delete_v1(id)"#),
    ]

    static let environment: [APIOperation] = [
        APIOperation(
            "environments.me", .get, "/v1/environments/me", status: [200], result: .object,
            summary: "The environment the API key belongs to", example: #"novu.environments.me()"#),
        APIOperation(
            "notification_groups.list", .get, "/v1/notification-groups", status: [200], result: .list,
            summary: "The notification groups (workflow folders)", example: #"novu.notification_groups.list()"#),
        APIOperation(
            "integrations.list", .get, "/v1/integrations", status: [200], result: .list,
            summary: "Every provider integration", example: #"novu.integrations.list()"#),
        APIOperation(
            "integrations.list_active", .get, "/v1/integrations/active", status: [200], result: .list,
            summary: "The active provider integrations", example: #"novu.integrations.list_active()"#),
    ]
}
