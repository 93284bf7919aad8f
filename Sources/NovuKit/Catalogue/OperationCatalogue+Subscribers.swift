extension OperationCatalogue {
    static let events: [APIOperation] = [
        APIOperation(
            "trigger", .post, "/v1/events/trigger", status: [201], result: .object, positional: ["name"],
            body: [
                APIField("name", .string, required: true, "the workflow's trigger identifier"),
                APIField("to", .any, required: true, "subscriberId, subscriber object, {type=\"Topic\", topicKey}, or a list"),
                APIField("payload", .object, "variables for the workflow's templates"),
                APIField("overrides", .object, "per-channel and per-step overrides"),
                APIField("transactionId", .string, "unique per environment; a UUID when omitted"),
                APIField("actor", .stringOrObject, "subscriberId or subscriber object"),
                APIField("tenant", .stringOrObject, "identifier or {identifier, name?, data?}"),
                APIField("bridgeUrl", .string), APIField("controls", .object), APIField("context", .object),
            ],
            summary: "Trigger a workflow for subscribers or topics (processed asynchronously)",
            example: #"novu.trigger("welcome", {to = "u1", payload = {plan = "pro"}})"#),
        APIOperation(
            "trigger_bulk", .post, "/v1/events/trigger/bulk", status: [201], result: .list,
            body: [APIField("events", .array(.object), required: true, "1–100 trigger bodies (each with name and to)")],
            summary: "Trigger up to 100 events in one call; results keep request order",
            example: #"novu.trigger_bulk({events = {{name = "welcome", to = "u1"}, {name = "welcome", to = "u2"}}})"#),
        APIOperation(
            "trigger_broadcast", .post, "/v1/events/trigger/broadcast", status: [200, 201], result: .object,
            positional: ["name"],
            body: [
                APIField("name", .string, required: true, "the workflow's trigger identifier"),
                APIField("payload", .object, required: true, "variables (required, may be empty)"),
                APIField("overrides", .object), APIField("transactionId", .string),
                APIField("actor", .stringOrObject), APIField("tenant", .stringOrObject),
            ],
            summary: "Trigger a workflow for every subscriber of the environment",
            example: #"novu.trigger_broadcast("maintenance", {payload = {at = "22:00"}})"#),
        APIOperation(
            "cancel", .delete, "/v1/events/trigger/{transactionId}", status: [200], result: .scalar,
            summary: "Cancel the pending delayed or digested jobs of a transaction; true when something was cancelled",
            example: #"novu.cancel("txn-42")"#),
    ]

    static let subscribers: [APIOperation] = [
        APIOperation(
            "subscribers.search", .get, "/v2/subscribers", status: [200], result: .cursorPage,
            query: cursorQuery + [
                APIField("email", .string, "exact, case-sensitive"), APIField("name", .string),
                APIField("phone", .string), APIField("subscriberId", .string),
            ],
            summary: "Search subscribers (cursor page {data, next, previous})",
            example: #"novu.subscribers.search({email = "ada@example.com"})"#),
        APIOperation(
            "subscribers.create", .post, "/v2/subscribers", status: [201], result: .object,
            query: [APIField("failIfExists", .boolean, "409 instead of updating an existing subscriber")],
            body: [APIField("subscriberId", .string, required: true, "letters, digits, -, _, . or an email")]
                + subscriberProfileFields,
            summary: "Create a subscriber, or update it when the id exists",
            example: #"novu.subscribers.create({subscriberId = "u1", firstName = "Ada", email = "ada@example.com"})"#),
        APIOperation(
            "subscribers.retrieve", .get, "/v2/subscribers/{subscriberId}", status: [200], result: .object,
            summary: "Get one subscriber",
            example: #"novu.subscribers.retrieve("u1")"#),
        APIOperation(
            "subscribers.patch", .patch, "/v2/subscribers/{subscriberId}", status: [200], result: .object,
            body: subscriberProfileFields,
            summary: "Change some fields of a subscriber (null unsets a field)",
            example: #"novu.subscribers.patch("u1", {lastName = "Lovelace", phone = novu.null})"#),
        APIOperation(
            "subscribers.delete", .delete, "/v2/subscribers/{subscriberId}", status: [200], result: .object,
            summary: "Delete a subscriber with its messages, preferences and topic subscriptions",
            example: #"novu.subscribers.delete("u1")"#),
        APIOperation(
            "subscribers.create_bulk", .post, "/v1/subscribers/bulk", status: [201], result: .object,
            body: [APIField("subscribers", .array(.object), required: true, "1–500 subscriber objects with subscriberId")],
            summary: "Create or update up to 500 subscribers: {created, updated, failed}",
            example: #"novu.subscribers.create_bulk({subscribers = {{subscriberId = "u1"}, {subscriberId = "u2"}}})"#),
        APIOperation(
            "subscribers.list", .get, "/v1/subscribers", status: [200], result: .page, query: pageQuery,
            summary: "List subscribers, page by page (v1: {page, pageSize, hasMore, data})",
            example: #"novu.subscribers.list({page = 0, limit = 100})"#),
        APIOperation(
            "subscribers.retrieve_v1", .get, "/v1/subscribers/{subscriberId}", status: [200], result: .object,
            query: [APIField("includeTopics", .boolean, "add the topics the subscriber belongs to")],
            summary: "Get one subscriber (v1)",
            example: #"novu.subscribers.retrieve_v1("u1", {includeTopics = true})"#),
        APIOperation(
            "subscribers.create_v1", .post, "/v1/subscribers", status: [201], result: .object,
            body: [APIField("subscriberId", .string, required: true)] + v1SubscriberFields,
            summary: "Create or update a subscriber (v1, accepts channels)",
            example: #"novu.subscribers.create_v1({subscriberId = "u1", email = "ada@example.com"})"#),
        APIOperation(
            "subscribers.update", .put, "/v1/subscribers/{subscriberId}", status: [200], result: .object,
            body: v1SubscriberFields,
            summary: "Update a subscriber (v1 PUT: omitted fields stay, data is replaced)",
            example: #"novu.subscribers.update("u1", {firstName = "Ada"})"#),
        APIOperation(
            "subscribers.delete_v1", .delete, "/v1/subscribers/{subscriberId}", status: [200], result: .object,
            summary: "Soft-delete a subscriber and remove its topic memberships (v1)",
            example: #"novu.subscribers.delete_v1("u1")"#),
        APIOperation(
            "subscribers.credentials.update", .put, "/v1/subscribers/{subscriberId}/credentials", status: [200],
            result: .object, body: credentialFields,
            summary: "Replace a subscriber's credentials for a chat or push provider",
            example: #"novu.subscribers.credentials.update("u1", {providerId = "fcm", credentials = {deviceTokens = {"t1"}}})"#),
        APIOperation(
            "subscribers.credentials.append", .patch, "/v1/subscribers/{subscriberId}/credentials", status: [200],
            result: .object, body: credentialFields,
            summary: "Add credentials (device tokens are merged with the existing ones)",
            example: #"novu.subscribers.credentials.append("u1", {providerId = "fcm", credentials = {deviceTokens = {"t2"}}})"#),
        APIOperation(
            "subscribers.credentials.delete", .delete, "/v1/subscribers/{subscriberId}/credentials/{providerId}",
            status: [204], result: .empty,
            summary: "Remove every credential of a provider from a subscriber",
            example: #"novu.subscribers.credentials.delete("u1", "fcm")"#),
        APIOperation(
            "subscribers.properties.update_online_flag", .patch, "/v1/subscribers/{subscriberId}/online-status",
            status: [200], result: .object,
            body: [APIField("isOnline", .boolean, required: true, "false also sets lastOnlineAt")],
            summary: "Set a subscriber's online flag",
            example: #"novu.subscribers.properties.update_online_flag("u1", {isOnline = true})"#),
        APIOperation(
            "subscribers.topics.list", .get, "/v2/subscribers/{subscriberId}/subscriptions", status: [200],
            result: .cursorPage, query: cursorQuery + [APIField("key", .string, "topic key")],
            summary: "List the topics a subscriber is subscribed to",
            example: #"novu.subscribers.topics.list("u1")"#),
    ]

    static let credentialFields: [APIField] = [
        APIField("providerId", .string, required: true, "chat or push provider id, e.g. fcm, slack"),
        APIField("credentials", .object, required: true, "{webhookUrl?, deviceTokens?, channel?}"),
        APIField("integrationIdentifier", .string),
    ]
}
