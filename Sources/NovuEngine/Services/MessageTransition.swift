import Foundation
import JSONCore

/// Every change of a message's seen/read/archived/snooze/action state (novu-api.md §4.6, §4.9), in one place,
/// so the v1 feed routes and the v2 notification routes agree.
enum MessageTransition: Sendable, Equatable {
    /// v1 `mark-as` / `mark-all` (`read`, `unread`, `seen`, `unseen`).
    case v1Read, v1Unread, v1Seen, v1Unseen
    /// Deprecated v1 `markAs {mark:{seen?, read?}}`: only the given flags, each date stamped.
    case legacyMark(seen: Bool?, read: Bool?)
    /// Inbox / v2 operations.
    case read, unread, archive, unarchive, seen, unseen
    case snooze(until: String)
    case unsnooze
    /// The snooze re-delivery run by the worker.
    case redeliver
    /// v1 message action: `result.type`, `status`, optional `result.payload`.
    case action(type: String, status: String, payload: JSON?)
    /// v2 complete/revert of a button (marks an unread message read).
    case complete(type: String), revert(type: String)
    case delete

    /// Applies the transition to `message` at `now`; returns whether anything changed.
    @discardableResult
    func apply(to message: inout MessageRecord, now: String) -> Bool {
        let before = message
        switch self {
        case .v1Read:
            markSeen(&message, now)
            message.read = true
            message.lastReadDate = now
        case .v1Unread:
            markSeen(&message, now)
            message.read = false
            message.lastReadDate = now
        case .v1Seen:
            markSeen(&message, now)
        case .v1Unseen:
            message.seen = false
            message.lastSeenDate = now
        case .legacyMark(let seen, let read):
            if let seen {
                if seen { markSeen(&message, now) } else { message.seen = false; message.lastSeenDate = now }
            }
            if let read {
                message.read = read
                message.lastReadDate = now
            }
        case .read:
            markSeen(&message, now)
            message.read = true
            message.lastReadDate = now
        case .unread:
            markSeen(&message, now)
            message.read = false
            message.lastReadDate = nil
            message.archived = false
            message.archivedAt = nil
        case .archive:
            markSeen(&message, now)
            message.read = true
            message.lastReadDate = now
            message.archived = true
            message.archivedAt = now
        case .unarchive:
            markSeen(&message, now)
            message.read = true
            message.lastReadDate = now
            message.archived = false
            message.archivedAt = nil
        case .seen:
            markSeen(&message, now)
        case .unseen:
            message.seen = false
            message.lastSeenDate = nil
            message.read = false
            message.lastReadDate = nil
            message.archived = false
            message.archivedAt = nil
        case .snooze(let until):
            message.snoozedUntil = until
        case .unsnooze:
            message.snoozedUntil = nil
        case .redeliver:
            message.snoozedUntil = nil
            message.deliveredAt.append(now)
            message.seen = false
            message.read = false
        case .action(let type, let status, let payload):
            var action = message.cta["action"]?.objectValue ?? [:]
            var result = action["result"]?.objectValue ?? [:]
            result["type"] = .string(type)
            if let payload { result["payload"] = payload }
            action["result"] = .object(result)
            action["status"] = .string(status)
            message.cta["action"] = .object(action)
        case .complete(let type), .revert(let type):
            var action = message.cta["action"]?.objectValue ?? [:]
            var result = action["result"]?.objectValue ?? [:]
            result["type"] = .string(type)
            action["result"] = .object(result)
            if case .complete = self {
                action["status"] = "done"
                if !message.read {
                    markSeen(&message, now)
                    message.read = true
                    message.lastReadDate = now
                }
            } else {
                action["status"] = "pending"
            }
            message.cta["action"] = .object(action)
        case .delete:
            message.deleted = true
        }
        let changed = message != before
        if changed { message.updatedAt = now }
        return changed
    }

    private func markSeen(_ message: inout MessageRecord, _ now: String) {
        message.seen = true
        message.lastSeenDate = now
        if message.firstSeenAt == nil { message.firstSeenAt = now }
    }
}
