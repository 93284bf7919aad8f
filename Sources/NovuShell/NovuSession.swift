public import JSONCore
public import NovuKit
import Synchronization

/// The one path every `novu.*` call takes to the server: the connection of the current profile,
/// and the place where writes are confirmed, dry-run or journaled.
///
/// Reads go straight through. A write (POST, PUT, PATCH, DELETE) is, in this order: printed and
/// not sent under `--dry-run`; confirmed at the prompt or refused in batch on a protected profile
/// (unless `--yes`); preceded by a read of the state it changes (its ``BeforeImage``); sent; and
/// appended to the profile's ``Journal`` with its status.
public final class NovuSession: Sendable {
    /// Asks the user a yes/no question at the prompt; `true` means go ahead.
    public typealias Confirmer = @Sendable (_ request: String, _ profile: String) async -> Bool

    private let current: Mutex<NovuConnection>
    private let confirmer = Mutex<Confirmer?>(nil)
    private let planned = Mutex<[String]>([])
    let console = Console()

    /// The connection of the current profile (it changes with ``use(profile:)``).
    public var connection: NovuConnection { current.withLock { $0 } }
    /// The run's options (`--dry-run`, `--yes`, `--json`).
    public let options: ShellOptions
    /// Where the journal lives.
    public let paths: ShellPaths

    /// Creates a session on a connection.
    public init(connection: NovuConnection, options: ShellOptions, paths: ShellPaths = ShellPaths()) {
        self.current = Mutex(connection)
        self.options = options
        self.paths = paths
    }

    /// The journal of the current profile.
    public var journal: Journal { Journal(profile: connection.profile.name, paths: paths) }

    /// The writes `--dry-run` did not send, one line each (`PATCH /v2/subscribers/u1 {…}`).
    public var plannedWrites: [String] { planned.withLock { $0 } }

    /// Installs (or removes) the question asked before a write on a protected profile. The REPL
    /// installs one while it reads from a terminal; without one, such writes are refused.
    public func setConfirmer(_ confirm: Confirmer?) { confirmer.withLock { $0 = confirm } }

    /// Switches to another profile of the config file; later calls go there.
    /// - Returns: The previous connection (close it once nothing uses it).
    /// - Throws: ``ConfigurationError`` for an unknown profile or a bad config file.
    @discardableResult
    public func use(profile name: String) throws(ConfigurationError) -> NovuConnection {
        let profile = try NovuConfiguration.resolve(profile: name, url: nil, store: nil)
        let next = NovuConnection(profile: profile, eventLoopGroup: connection.eventLoopGroup)
        return current.withLock { connection in
            defer { connection = next }
            return connection
        }
    }

    /// Sends one catalogue operation, through the write guard when it is a write.
    /// - Throws: ``NovuClientError`` for an error answer, a transport failure or a bad argument;
    ///   ``NovuClientError/Code/cancelled`` when a write on a protected profile is declined at the
    ///   prompt or refused in batch without `--yes`.
    public func perform(_ operation: APIOperation, arguments: [String], fields: [String: JSON])
        async throws(NovuClientError) -> NovuResponse
    {
        try await perform(operation, arguments: arguments, fields: fields, undoing: nil)
    }

    /// ``perform(_:arguments:fields:)`` for a write made by `undo` (journaled with `undoes`).
    func perform(_ operation: APIOperation, arguments: [String], fields: [String: JSON], undoing: String?)
        async throws(NovuClientError) -> NovuResponse
    {
        let (request, response) = try await answer(operation, arguments: arguments, fields: fields, undoing: undoing)
        return try NovuResponse(response: response, method: request.method, path: request.path)
    }

    /// ``perform(_:arguments:fields:)`` returning the 2xx answer with its body undecoded, and the
    /// request that got it: for the Lua bridge, which reads the body straight into Lua values.
    /// - Throws: ``NovuClientError`` as ``perform(_:arguments:fields:)``, except that the body is not checked.
    func answer(_ operation: APIOperation, arguments: [String], fields: [String: JSON], undoing: String? = nil)
        async throws(NovuClientError) -> (APIRequest, APIResponse)
    {
        let request = try operation.makeRequest(arguments: arguments, fields: fields)
        guard request.method.isWrite else { return (request, try await connection.client().answer(request)) }
        let plan = BeforeImage.plan(for: operation, arguments: arguments, fields: fields)
        return (request, try await write(request, operation: operation.name, plan: plan, undoing: undoing))
    }

    /// Sends a prepared request (any route), through the write guard when it is a write.
    /// - Throws: ``NovuClientError`` as ``perform(_:arguments:fields:)`` does.
    public func send(_ request: APIRequest) async throws(NovuClientError) -> NovuResponse {
        guard request.method.isWrite else { return try await connection.client().send(request) }
        let response = try await write(request, operation: "request", plan: nil, undoing: nil)
        return try NovuResponse(response: response, method: request.method, path: request.path)
    }

    // MARK: - The write guard

    private func write(
        _ request: APIRequest, operation: String, plan: (kind: BeforeImage.Kind, subscriberId: String)?,
        undoing: String?
    ) async throws(NovuClientError) -> APIResponse {
        let connection = connection
        let profile = connection.profile
        if options.dryRun {
            let description = WriteDescription(request)
            planned.withLock { $0.append(description.line) }
            console.error("dry-run: would send \(description.full)")
            return description.placeholder
        }
        if profile.isProtected && !options.assumeYes {
            let description = WriteDescription(request)
            guard let confirm = confirmer.withLock({ $0 }) else {
                throw NovuClientError(
                    .cancelled,
                    "refused: profile '\(profile.name)' is protected and writes in batch need --yes "
                        + "(\(description.line))", method: request.method, path: request.path)
            }
            guard await confirm(description.full, profile.name) else {
                throw NovuClientError(
                    .cancelled, "not sent: the write was declined (\(description.line))",
                    method: request.method, path: request.path)
            }
        }
        let client = try connection.client()
        var request = request
        var before: BeforeImage?
        // A novush engine reads the before-image in the write's own transaction (BeforeImageHeader);
        // until the server has shown it does, the image is also read first.
        var asked = false
        if let plan {
            if BeforeImage.travelsInAnswer(plan.kind), connection.answersBeforeImages != false,
                let read = try? BeforeImage.readRequest(plan.kind, subscriberId: plan.subscriberId)
            {
                request.headers[BeforeImageHeader.name] = BeforeImageHeader.value(asking: read)
                asked = true
            }
            if !asked || connection.answersBeforeImages != true {
                before = await BeforeImage.capture(plan.kind, subscriberId: plan.subscriberId, client: client)
            }
        }
        var entry = JournalEntry(
            profile: profile.name, operation: operation, method: request.method.rawValue,
            route: WriteDescription.route(of: request), body: nil, status: nil, before: before)
        entry.undoes = undoing
        let body = request.body
        do {
            let response = try await client.answer(request)
            let answer = asked ? response.headers[BeforeImageHeader.name] : nil
            if asked, connection.answersBeforeImages == nil { connection.answersBeforeImages = answer != nil }
            let image = before == nil ? answer : nil
            entry.status = response.status
            // The journal's work (the body and the image in the answer decoded and redacted) runs on
            // its own queue, off the path of the next request.
            record(entry, body: body) { entry in
                guard let plan, let image, let read = BeforeImageHeader.answer(image) else { return nil }
                if let verbatim = BeforeImage.verbatim(plan.kind, subscriberId: plan.subscriberId, response: read) { return verbatim }
                entry.before = BeforeImage.image(plan.kind, subscriberId: plan.subscriberId, response: read)
                return nil
            }
            return response
        } catch {
            entry.status = error.status
            if error.status != nil { record(entry, body: body) }
            throw error
        }
    }

    /// Appends `entry` to the journal in the background, with `body` redacted and `complete` applied.
    private func record(
        _ entry: JournalEntry, body: [UInt8]?,
        completing complete: @escaping @Sendable (inout JournalEntry) -> VerbatimBeforeImage? = { _ in nil }
    ) {
        let console = console
        let id = entry.id
        journal.appendLater(entry, completing: { entry in
            entry.body = WriteDescription.redactedBody(body)
            return complete(&entry)
        }) { error in
            console.error("novush: warning: the write \(id) was sent but could not be journaled: \(error)")
        }
    }
}
