/// Every operation of the Novu REST API that novush knows, by SDK-style name.
///
/// Names mirror the official Python SDK (`subscribers.retrieve`, `subscribers.preferences.update`,
/// `trigger`); v1 routes the SDK lacks get names in the same style (`subscribers.list`,
/// `subscribers.update`, `notifications.stats`), and v1 twins of v2 operations end in `_v1`
/// (`subscribers.retrieve_v1`). The `novu` Lua table is generated from ``all``.
///
/// ```swift
/// let operation = OperationCatalogue.operation(named: "subscribers.preferences.update")
/// print(operation?.description ?? "")   // PATCH /v2/subscribers/{subscriberId}/preferences
/// ```
public enum OperationCatalogue {
    /// Every operation, grouped by resource in a stable order.
    public static let all: [APIOperation] =
        events + subscribers + subscriberPreferences + subscriberNotifications + subscriberMessages + messages
        + activity + topics + workflows + environment

    private static let byName: [String: APIOperation] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The operation called `name` (`subscribers.retrieve`), or `nil`.
    public static func operation(named name: String) -> APIOperation? { byName[name] }

    /// The operations whose names start with `prefix.` (`subscribers` → `subscribers.*`, nested ones too).
    public static func operations(under prefix: String) -> [APIOperation] {
        all.filter { $0.name.hasPrefix(prefix + ".") }
    }

    // MARK: - Shared field lists

    static let subscriberProfileFields: [APIField] = [
        APIField("firstName", .string), APIField("lastName", .string),
        APIField("email", .string, "a valid email; null unsets it"), APIField("phone", .string),
        APIField("avatar", .string, "image URL"), APIField("locale", .string, "BCP-47, e.g. en-US"),
        APIField("timezone", .string, "IANA name, e.g. Europe/Berlin"),
        APIField("data", .object, "custom data; replaces the whole object"),
    ]

    static let v1SubscriberFields: [APIField] = [
        APIField("firstName", .string), APIField("lastName", .string), APIField("email", .string),
        APIField("phone", .string), APIField("avatar", .string), APIField("locale", .string),
        APIField("data", .object, "replaces the whole object"),
        APIField("channels", .array(.object), "[{providerId, integrationIdentifier?, credentials}]"),
    ]

    static let cursorQuery: [APIField] = [
        APIField("after", .string, "cursor: the `next` of the previous page"),
        APIField("before", .string, "cursor: the `previous` of the next page"),
        APIField("limit", .integer, "1–100, default 10"),
        APIField("orderDirection", .oneOf(["ASC", "DESC"]), "default DESC"),
        APIField("orderBy", .oneOf(["_id", "updatedAt"]), "default _id"),
        APIField("includeCursor", .boolean, "include the cursor item itself"),
    ]

    static let pageQuery: [APIField] = [
        APIField("page", .integer, "0-based, default 0"), APIField("limit", .integer, "1–100, default 10"),
    ]

    static let channelNames = ["in_app", "email", "sms", "chat", "push"]
}
