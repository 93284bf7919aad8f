import Foundation
import GRDB
import JSONCore

/// The profile fields of a subscriber body (`firstName`, `email`, `data`, …), validated once and applied
/// with the rules of each route (v1 upsert, v1 PUT, v2 create, v2 PATCH, trigger upsert).
struct SubscriberProfile: Sendable {
    var firstName: Field<String> = .absent
    var lastName: Field<String> = .absent
    var email: Field<String> = .absent
    var phone: Field<String> = .absent
    var avatar: Field<String> = .absent
    var locale: Field<String> = .absent
    var timezone: Field<String> = .absent
    var data: Field<[String: JSON]> = .absent

    /// How present fields are applied to a record.
    enum Mode {
        /// v1 create/upsert and bulk: non-null values are written, `data` is replaced, `email` follows its key.
        case upsert
        /// v1 PUT: like upsert; `email: ""` or `null` clears the email, other nulls leave fields as they are.
        case put
        /// v2 PATCH: every present key is written, `null` clears the field.
        case patch
        /// v2 create on an existing record: the record's profile becomes exactly the body.
        case replace
    }

    /// Reads the profile fields of `reader`, recording validation messages on it.
    static func read(_ reader: inout BodyReader, timezone allowTimezone: Bool) -> SubscriberProfile {
        var profile = SubscriberProfile()
        profile.firstName = reader.string("firstName")
        profile.lastName = reader.string("lastName")
        profile.email = reader.email("email", allowEmpty: true)
        profile.phone = reader.string("phone")
        profile.avatar = reader.string("avatar")
        profile.locale = reader.string("locale")
        if allowTimezone {
            profile.timezone = reader.string("timezone")
            if case .value(let zone) = profile.timezone, TimeZone(identifier: zone) == nil {
                reader.fail("timezone must be a valid IANA timezone")
            }
        }
        profile.data = reader.object("data")
        return profile
    }

    /// Writes the fields onto `record` according to `mode`.
    func apply(to record: inout SubscriberRecord, mode: Mode) {
        if mode == .replace {
            record.firstName = nil
            record.lastName = nil
            record.email = nil
            record.phone = nil
            record.avatar = nil
            record.locale = nil
            record.timezone = nil
            record.data = nil
        }
        func set(_ field: Field<String>, _ keyPath: WritableKeyPath<SubscriberRecord, String?>) {
            switch field {
            case .absent: break
            case .null: if mode == .patch || mode == .replace { record[keyPath: keyPath] = nil }
            case .value(let value): record[keyPath: keyPath] = value
            }
        }
        set(firstName, \.firstName)
        set(lastName, \.lastName)
        set(phone, \.phone)
        set(avatar, \.avatar)
        set(locale, \.locale)
        set(timezone, \.timezone)
        switch email {
        case .absent: break
        case .null: record.email = nil
        case .value(let value): record.email = value.isEmpty ? nil : value
        }
        switch data {
        case .absent: break
        case .null: if mode == .patch || mode == .replace { record.data = nil }
        case .value(let value): record.data = .object(value)
        }
    }
}

/// Subscriber look-ups and writes that several routes share.
enum SubscriberStore {
    /// The v2 subscriberId rule: letters, digits, `-`, `_`, `.`, or a valid email.
    static func isValidV2SubscriberId(_ id: String) -> Bool {
        if BodyReader.isEmail(id) { return true }
        return !id.isEmpty
            && id.unicodeScalars.allSatisfy {
                ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5a)
                    || ($0.value >= 0x61 && $0.value <= 0x7a) || $0 == "-" || $0 == "_" || $0 == "."
            }
    }

    /// Creates or updates subscriber `subscriberId` with `profile`; a soft-deleted record is brought back.
    ///
    /// - Returns: the stored record and whether it was inserted.
    static func upsert(
        _ db: Database, context: RequestContext, subscriberId: String, profile: SubscriberProfile,
        mode: SubscriberProfile.Mode
    ) throws -> (SubscriberRecord, created: Bool) {
        if var existing = try SubscriberRecord.findAny(db, environmentId: context.environmentId, subscriberId: subscriberId) {
            let stored = existing
            profile.apply(to: &existing, mode: stored.deleted ? .replace : mode)
            existing.deleted = false
            existing.updatedAt = context.nowString
            try existing.updateChanges(db, from: stored)
            return (existing, false)
        }
        var record = SubscriberRecord(
            id: context.newId(), environmentId: context.environmentId, subscriberId: subscriberId, now: context.nowString)
        profile.apply(to: &record, mode: .replace)
        try record.insert(db)
        return (record, true)
    }

    /// The topic keys subscriber `rowId` belongs to.
    static func topicKeys(_ db: Database, rowId: String) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT topicKey FROM topic_subscriptions WHERE subscriberRowId = ? ORDER BY id"), arguments: [rowId])
    }

    /// Soft-deletes a subscriber (v1): hidden from reads, topic memberships removed, record kept for revival.
    static func softDelete(_ db: Database, _ record: SubscriberRecord, now: String) throws {
        try db.cachedStatement(sql: "DELETE FROM topic_subscriptions WHERE subscriberRowId = ?").execute(arguments: [record.id])
        try db.cachedStatement(sql: "UPDATE subscribers SET deleted = 1, updatedAt = ? WHERE id = ?").execute(
            arguments: [now, record.id])
    }

    /// Deletes a subscriber for good (v2). Foreign keys cascade to topic subscriptions, preferences and any
    /// table that references `subscribers(id) ON DELETE CASCADE` (messages in the trigger pipeline).
    static func hardDelete(_ db: Database, _ record: SubscriberRecord) throws {
        try db.cachedStatement(sql: "DELETE FROM subscribers WHERE id = ?").execute(arguments: [record.id])
    }
}
