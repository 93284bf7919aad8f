import GRDB
import NovuKit

/// The read a write's `Novush-Before-Image` header asks for (see ``BeforeImageHeader``), run in the
/// write's transaction just before it.
struct BeforeImageRead: Sendable {
    /// The matched GET route, or `nil` when the target matches none (the answer is then its 404).
    let route: Route?
    let context: RequestContext
    let target: String

    /// What a GET of the target finds now: its reply, or its error. Read inside the write's
    /// transaction; ``response(_:)`` serializes it afterwards, outside.
    func answer(_ db: Database) -> Result<Reply, any Error> {
        do {
            guard let route else { throw EngineError.notFound("Cannot GET \(target)") }
            return .success(try route.handler(context, db))
        } catch {
            return .failure(error)
        }
    }

    /// The answer as Novu shapes it: the reply, or the error's body.
    func response(_ answer: Result<Reply, any Error>) -> APIResponse {
        switch answer {
        case .success(let reply): Engine.response(reply)
        case .failure(let error): Engine.errorResponse(error, path: target, now: context.now)
        }
    }
}

extension Engine {
    /// The read `request`'s `Novush-Before-Image` header asks for, in `context`'s environment, with a
    /// fresh ``ReadMemo`` for the write to share; `nil` when the header is absent or does not hold a path.
    func beforeImageRead(_ request: APIRequest, context: RequestContext) -> BeforeImageRead? {
        guard let value = request.headers[BeforeImageHeader.name], let (path, query) = BeforeImageHeader.read(from: value) else {
            return nil
        }
        let matched = router.match(.get, path).flatMap { $0.0.access == .read ? $0 : nil }
        let readContext = RequestContext(
            environment: context.environment, method: .get, path: path, params: matched?.1 ?? [:],
            query: QueryReader(query), body: nil, now: context.now, nowString: context.nowString, ids: ids,
            readMemo: ReadMemo())
        return BeforeImageRead(route: matched?.0, context: readContext, target: value)
    }
}
