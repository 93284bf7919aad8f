import JSONCore
import LuaKit
import NovuKit

/// The session's own Lua functions: `novu.use`, `novu.whoami`, `novu.explain` and the global `undo`.
enum SessionLibrary {
    /// Adds the functions to the global `novu` table (created when missing) and `undo` to the globals.
    static func install(in state: LuaState, session: NovuSession) {
        let stack = state.main
        if stack.getGlobal("novu") != .table {
            stack.pop()
            stack.newTable()
            stack.pushValue(at: -1)
            stack.setGlobal("novu")
        }
        state.pushFunction(name: "novu.use", { stack in
            guard let name = stack.toString(at: 1), stack.type(at: 1) == .string else {
                throw LuaError.badArgument(1, function: "novu.use", "profile name expected, got \(stack.type(at: 1))")
            }
            return try stack.suspend {
                let old: NovuConnection
                do throws(ConfigurationError) {
                    old = try session.use(profile: name)
                } catch {
                    throw LuaError(.runtime, "novu.use: \(error.description)")
                }
                if old !== session.connection { await old.close() }
                return [.json(Self.whoami(session, environment: nil))]
            }
        }, on: stack)
        stack.setField("use", in: -2)
        state.pushFunction(name: "novu.whoami", { stack in
            try stack.suspend {
                let environment = try? await session.connection.client().call("environments.me").value
                return [.json(Self.whoami(session, environment: environment))]
            }
        }, on: stack)
        stack.setField("whoami", in: -2)
        state.pushFunction(name: "novu.explain", { stack in
            guard stack.type(at: 1) == .string, let id = stack.toString(at: 1) else {
                throw LuaError.badArgument(
                    1, function: "novu.explain", "transactionId or notificationId expected, got \(stack.type(at: 1))")
            }
            return try stack.suspend {
                do throws(NovuClientError) {
                    let lines = try await Explain(session: session).lines(for: id)
                    session.console.output(lines.joined(separator: "\n"))
                    return []
                } catch {
                    throw LuaError(.runtime, "novu.explain: \(error.message)")
                }
            }
        }, on: stack)
        stack.setField("explain", in: -2)
        stack.pop()
        state.pushFunction(name: "undo", { stack in
            guard stack.type(at: 1) == .string, let id = stack.toString(at: 1) else {
                throw LuaError.badArgument(1, function: "undo", "journal entry id expected, got \(stack.type(at: 1))")
            }
            return try stack.suspend {
                do throws(NovuClientError) {
                    let outcome = try await Undo(session: session).undo(id: id)
                    session.console.output(outcome.text)
                    return []
                } catch {
                    throw LuaError(.runtime, "undo: \(error.message)")
                }
            }
        }, on: stack)
        stack.setGlobal("undo")
    }

    /// `{profile, place, url | store, environment, protected, keySource}`: never the key itself.
    static func whoami(_ session: NovuSession, environment: JSON?) -> JSON {
        let connection = session.connection
        let profile = connection.profile
        var members: [String: JSON] = [
            "profile": .string(profile.name), "place": .string(connection.placeName),
            "protected": .bool(profile.isProtected),
        ]
        if let url = profile.url { members["url"] = .string(url) }
        if let store = profile.storePath { members["store"] = .string(store) }
        if let source = profile.keySource { members["keySource"] = .string(source) }
        if let name = environment?["name"] { members["environment"] = name }
        if session.options.dryRun { members["dryRun"] = true }
        return .object(members)
    }
}
