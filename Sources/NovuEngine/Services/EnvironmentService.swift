import GRDB
import JSONCore
import NovuKit

/// `/v1/environments/me` and `/v1/notification-groups`.
enum EnvironmentService {
    static var routes: [Route] {
        [
            Route(.get, "/v1/environments/me", .read) { context, _ in
                let env = context.environment
                return .result([
                    "_id": .string(env.id), "name": .string(env.name), "_organizationId": .string(env.organizationId),
                    "identifier": .string(env.identifier), "createdAt": .string(env.createdAt),
                    "updatedAt": .string(env.updatedAt),
                ])
            },
            Route(.get, "/v1/notification-groups", .read) { context, db in
                let groups = try NotificationGroupRecord.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM notification_groups WHERE environmentId = ? ORDER BY id"),
                    arguments: [context.environmentId])
                return .result(.array(groups.map { groupJSON($0, context: context) }))
            },
        ]
    }

    static func groupJSON(_ group: NotificationGroupRecord, context: RequestContext) -> JSON {
        [
            "_id": .string(group.id), "name": .string(group.name), "_environmentId": .string(group.environmentId),
            "_organizationId": .string(context.organizationId), "createdAt": .string(group.createdAt),
        ]
    }

    /// The environment's default notification group id.
    static func defaultGroupId(_ db: Database, environmentId: String) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM notification_groups WHERE environmentId = ? ORDER BY id LIMIT 1"),
            arguments: [environmentId])
    }
}
