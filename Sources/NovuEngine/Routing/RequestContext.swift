import Foundation
import GRDB
import JSONCore
import NovuKit

/// Everything a route handler may read: the caller's environment, path parameters, query, body and time.
struct RequestContext: Sendable {
    let environment: EnvironmentRecord
    let method: HTTPMethod
    /// The request path without the query string.
    let path: String
    let params: [String: String]
    let query: QueryReader
    /// The parsed JSON body, or `nil` when there was none.
    let body: JSON?
    let now: Date
    /// `now` as Novu's ISO timestamp.
    let nowString: String
    let ids: ObjectIDGenerator
    /// Shared by a write and its before-image read (see ``ReadMemo``); `nil` otherwise.
    var readMemo: ReadMemo? = nil

    /// The path parameter `name` (always present when the route matched).
    func param(_ name: String) -> String { params[name] ?? "" }

    /// A new ObjectId for a record created now.
    func newId() -> String { ids.make(at: now) }
    /// `count` new ids for records created now, in creation order.
    func newIds(_ count: Int) -> [String] { ids.make(count: count, at: now) }

    var environmentId: String { environment.id }
    var organizationId: String { environment.organizationId }

    /// A body reader for the request body.
    func bodyReader() -> BodyReader { BodyReader(body) }
}

/// The subscriber a write's before-image read found, for the write's handler to take instead of
/// reading the same row again in the same transaction: the read runs just before the handler, so
/// the row is as the handler would find it, unless something was written in between (then the
/// connection's change count differs and the handler reads the row itself).
///
/// Used only inside one write's transaction, by the read and then the handler, one after the other.
final class ReadMemo: @unchecked Sendable {
    private var subscriber: (record: SubscriberRecord, changes: Int)?

    /// Keeps `record`, found by the before-image read.
    func keep(_ record: SubscriberRecord, _ db: Database) {
        subscriber = (record, db.totalChangesCount)
    }

    /// The kept subscriber when it is the one asked for and nothing was written since; forgets it either way.
    func takeSubscriber(environmentId: String, subscriberId: String, _ db: Database) -> SubscriberRecord? {
        defer { subscriber = nil }
        guard let kept = subscriber, kept.changes == db.totalChangesCount, kept.record.environmentId == environmentId,
            kept.record.subscriberId == subscriberId
        else { return nil }
        return kept.record
    }
}

/// How a route touches the store.
enum RouteAccess: Sendable { case read, write }

/// Novu's rate-limit category of a route (§1.3).
enum RateCategory: String, Sendable { case trigger, configuration, global }

/// Novu's rate-limit cost of a route: one token, or 100 for bulk routes.
enum RateCost: String, Sendable {
    case single, bulk
    var tokens: Double { self == .single ? 1 : 100 }
}

/// One route: a method and a path pattern (`/v1/subscribers/:subscriberId`) bound to a handler.
struct Route: Sendable {
    typealias Handler = @Sendable (RequestContext, Database) throws -> Reply

    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    let method: HTTPMethod
    let pattern: String
    let segments: [Segment]
    let access: RouteAccess
    let category: RateCategory
    let cost: RateCost
    /// The largest body this route accepts, or `nil` for the engine default.
    let bodyLimit: Int?
    let handler: Handler

    init(
        _ method: HTTPMethod, _ pattern: String, _ access: RouteAccess, category: RateCategory = .global,
        cost: RateCost = .single, bodyLimit: Int? = nil, handler: @escaping Handler
    ) {
        self.method = method
        self.pattern = pattern
        self.segments = pattern.split(separator: "/").map {
            $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .literal(String($0))
        }
        self.access = access
        self.category = category
        self.cost = cost
        self.bodyLimit = bodyLimit
        self.handler = handler
    }

    /// Route constructors with the configuration category, for subscriber and topic routes.
    static func config(
        _ method: HTTPMethod, _ pattern: String, _ access: RouteAccess, cost: RateCost = .single,
        handler: @escaping Handler
    ) -> Route {
        Route(method, pattern, access, category: .configuration, cost: cost, handler: handler)
    }
}
