import JSONCore
import NovuKit

/// `novu.explain(id)`: the execution trail of a notification for each subscriber, from
/// `GET /v1/execution-details`, one line per workflow step with its outcome and reason.
struct Explain: Sendable {
    let session: NovuSession

    /// The lines to print for a transaction id or a notification id.
    /// - Throws: ``NovuClientError`` when a call fails, ``NovuClientError/Code/invalidArgument``
    ///   when nothing has that id.
    func lines(for id: String) async throws(NovuClientError) -> [String] {
        let notifications = try await findNotifications(id)
        guard !notifications.isEmpty else {
            throw NovuClientError(.invalidArgument, "no notification has the transaction id or id \(id)")
        }
        var lines: [String] = []
        for notification in notifications {
            guard let notificationId = notification["_id"]?.stringValue,
                let subscriberId = notification["subscriber"]?["subscriberId"]?.stringValue
            else { continue }
            var header = "subscriber \(subscriberId)"
            if let workflow = notification["template"]?["name"]?.stringValue { header += " · workflow \(workflow)" }
            header += " · notification \(notificationId)"
            if let transaction = notification["transactionId"]?.stringValue { header += " · transaction \(transaction)" }
            lines.append(header)
            let details = try await call(
                "execution_details.list", [],
                ["notificationId": .string(notificationId), "subscriberId": .string(subscriberId)])?.arrayValue ?? []
            let steps = Self.steps(details)
            if steps.isEmpty { lines.append("  (no execution details yet)") }
            for (index, step) in steps.enumerated() {
                lines.append("  \(index + 1). \(step.channel.padding(8))  \(step.status.padding(8))  \(step.reason)")
            }
        }
        return lines
    }

    /// One workflow step: its channel, the last status it reached and every detail on the way.
    struct Step: Sendable, Equatable {
        var channel: String
        var status: String
        var reason: String
    }

    /// Groups execution details by job, in the order the jobs first appear.
    static func steps(_ details: [JSON]) -> [Step] {
        var order: [String] = []
        var byJob: [String: [JSON]] = [:]
        for detail in details {
            let job = detail["_jobId"]?.stringValue ?? ""
            if byJob[job] == nil { order.append(job) }
            byJob[job, default: []].append(detail)
        }
        return order.map { job in
            let trail = byJob[job] ?? []
            var reasons: [String] = []
            for detail in trail {
                if let text = detail["detail"]?.stringValue, !text.isEmpty, !reasons.contains(text) { reasons.append(text) }
            }
            return Step(
                channel: trail.first?["channel"]?.stringValue ?? "?",
                status: trail.last?["status"]?.stringValue ?? "?",
                reason: reasons.joined(separator: " → "))
        }
    }

    private func findNotifications(_ id: String) async throws(NovuClientError) -> [JSON] {
        var found: [JSON] = []
        var page: Int64 = 0
        while page < 50 {
            let result = try await call("notifications.list", [], ["transactionId": .string(id), "page": .int(page)])
            let items = result?["data"]?.arrayValue ?? []
            found += items
            guard result?["hasMore"]?.boolValue == true, !items.isEmpty else { break }
            page += 1
        }
        if !found.isEmpty { return found }
        do {
            if let one = try await call("notifications.retrieve", [id], [:]) { return [one] }
        } catch where error.status == 404 || error.status == 400 || error.status == 422 {
            return []
        }
        return []
    }

    private func call(_ name: String, _ arguments: [String], _ fields: [String: JSON])
        async throws(NovuClientError) -> JSON?
    {
        guard let operation = OperationCatalogue.operation(named: name) else {
            throw NovuClientError(.unknownOperation, "no Novu operation is called \(name)")
        }
        return try await session.perform(operation, arguments: arguments, fields: fields).value
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
