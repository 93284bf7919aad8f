import GRDB
import JSONCore

/// A subscriber row: the profile fields, `data`, channel credentials and online state.
struct SubscriberRecord: Sendable, Hashable, FetchableRecord, ColumnListRecord {
    static let databaseTableName = "subscribers"
    var id: String
    var environmentId: String
    var subscriberId: String
    var firstName: String?
    var lastName: String?
    var email: String?
    var phone: String?
    var avatar: String?
    var locale: String?
    var timezone: String?
    var data: JSON?
    /// `[{providerId, integrationIdentifier?, _integrationId, credentials}]` as Novu stores them.
    var channels: [JSON]
    var isOnline: Bool?
    var lastOnlineAt: String?
    var deleted: Bool
    var createdAt: String
    var updatedAt: String

    init(id: String, environmentId: String, subscriberId: String, now: String) {
        self.id = id
        self.environmentId = environmentId
        self.subscriberId = subscriberId
        self.channels = []
        self.deleted = false
        self.createdAt = now
        self.updatedAt = now
    }

    init(row: Row) throws { self.init(columns: RowColumns(row: row)) }

    /// Decodes a row from either source.
    init(columns row: some ColumnSource) {
        id = row["id"]
        environmentId = row["environmentId"]
        subscriberId = row["subscriberId"]
        firstName = row["firstName"]
        lastName = row["lastName"]
        email = row["email"]
        phone = row["phone"]
        avatar = row["avatar"]
        locale = row["locale"]
        timezone = row["timezone"]
        data = JSONColumn.value(row["data"])
        channels = JSONColumn.value(row["channels"])?.arrayValue ?? []
        isOnline = row["isOnline"]
        lastOnlineAt = row["lastOnlineAt"]
        deleted = row["deleted"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    /// The table's columns, in the order of ``databaseValues``.
    static let columnNames = [
        "id", "environmentId", "subscriberId", "firstName", "lastName", "email", "phone", "avatar", "locale",
        "timezone", "data", "channels", "isOnline", "lastOnlineAt", "deleted", "createdAt", "updatedAt",
    ]

    var databaseColumns: [(String, (any DatabaseValueConvertible)?)] {
        zip(Self.columnNames, databaseValues).map { ($0, $1 as (any DatabaseValueConvertible)?) }
    }

    /// Every column's value in the order of ``columnNames``, made directly: a patch compares two lists.
    var databaseValues: [DatabaseValue] {
        [
            id.databaseValue, environmentId.databaseValue, subscriberId.databaseValue, firstName.databaseValue,
            lastName.databaseValue, email.databaseValue, phone.databaseValue, avatar.databaseValue,
            locale.databaseValue, timezone.databaseValue, JSONColumn.text(data).databaseValue,
            (channels.isEmpty ? "[]" : JSONColumn.text(.array(channels))).databaseValue, isOnline.databaseValue,
            lastOnlineAt.databaseValue, deleted.databaseValue, createdAt.databaseValue, updatedAt.databaseValue,
        ]
    }

    /// The subscriber as Novu returns it (`SubscriberResponseDto`); unset fields are left out.
    func json(organizationId: String, topics: [String]? = nil) -> JSON {
        // Made at its final size: growing it member by member rehashed it twice.
        var members = [String: JSON](minimumCapacity: 20)
        members["_id"] = .string(id)
        members["subscriberId"] = .string(subscriberId)
        members["_organizationId"] = .string(organizationId)
        members["_environmentId"] = .string(environmentId)
        members["channels"] = .array(channels)
        members["deleted"] = .bool(deleted)
        members["createdAt"] = .string(createdAt)
        members["updatedAt"] = .string(updatedAt)
        members["__v"] = .int(0)
        for (key, value) in [
            ("firstName", firstName), ("lastName", lastName), ("email", email), ("phone", phone),
            ("avatar", avatar), ("locale", locale), ("timezone", timezone), ("lastOnlineAt", lastOnlineAt),
        ] {
            if let value { members[key] = .string(value) }
        }
        if let data { members["data"] = data }
        if let isOnline { members["isOnline"] = .bool(isOnline) }
        if let topics { members["topics"] = .array(topics.map(JSON.string)) }
        return .object(members)
    }

    /// The short form Novu embeds in other records (`{_id, subscriberId, firstName, lastName, email, avatar}`).
    var summaryJSON: JSON {
        var members: [String: JSON] = ["_id": .string(id), "subscriberId": .string(subscriberId)]
        if let firstName { members["firstName"] = .string(firstName) }
        if let lastName { members["lastName"] = .string(lastName) }
        if let email { members["email"] = .string(email) }
        if let avatar { members["avatar"] = .string(avatar) }
        return .object(members)
    }
}

extension SubscriberRecord {
    /// The live (not soft-deleted) subscriber `subscriberId` of the environment.
    static func find(_ db: Database, environmentId: String, subscriberId: String) throws -> SubscriberRecord? {
        try db.cachedStatement(sql: "SELECT * FROM subscribers WHERE environmentId = ? AND subscriberId = ? AND deleted = 0")
            .decodeFirstRow([environmentId.databaseValue, subscriberId.databaseValue], SubscriberRecord.init(columns:))
    }

    /// The subscriber row `subscriberId` of the environment, soft-deleted or not.
    static func findAny(_ db: Database, environmentId: String, subscriberId: String) throws -> SubscriberRecord? {
        try db.cachedStatement(sql: "SELECT * FROM subscribers WHERE environmentId = ? AND subscriberId = ?")
            .decodeFirstRow([environmentId.databaseValue, subscriberId.databaseValue], SubscriberRecord.init(columns:))
    }
}
