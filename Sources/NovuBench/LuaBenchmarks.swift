import Foundation
import JSONCore
import LuaKit

/// Benchmarks of the Lua bridge: calls into Swift and value conversion.
enum LuaBenchmarks {
    /// 1,000,000 calls of a Swift no-op from a Lua loop, against the same loop calling a C no-op.
    static func bridge() throws -> [String] {
        let state = try LuaState()
        state.register("swiftnoop") { _ in 0 }
        state.pushNativeNoop(on: state.main)
        state.main.setGlobal("cnoop")
        func time(_ name: String) throws -> Double {
            try state.load("local f = \(name) for i = 1, 1000000 do f() end", name: "=bench")
            let chunk = state.main.makeReference(at: -1)
            state.main.pop()
            defer { state.main.releaseReference(chunk) }
            return try Measure.median(runs: 5) {
                state.main.pushReference(chunk)
                return try Measure.seconds { try state.call(argumentCount: 0) }
            }
        }
        let swift = try time("swiftnoop")
        let native = try time("cnoop")
        return [
            row("Lua → C no-op, 1,000,000 calls (peer)", format(native * 1000, 1) + " ms",
                format(1e6 / native / 1e6, 1) + " M calls/s", "1.00x"),
            row("Lua → Swift no-op through the trampoline, 1,000,000 calls", format(swift * 1000, 1) + " ms",
                format(1e6 / swift / 1e6, 1) + " M calls/s", format(swift / native, 2) + "x"),
        ]
    }

    /// A 10,000-record JSON array (20 fields each) parsed, pushed into Lua, read back and serialized.
    static func conversion() throws -> [String] {
        let records: [JSON] = (0..<10_000).map { index in
            let fields: [String: JSON] = [
                "_id": .string(String(format: "%024x", index)), "subscriberId": .string("user-\(index)"),
                "firstName": "Ada", "lastName": "Lovelace", "email": .string("user\(index)@example.com"),
                "phone": "+15550100", "locale": "en_US", "avatar": "https://example.com/a.png",
                "isOnline": .bool(index % 2 == 0), "lastOnlineAt": "2026-11-21T10:00:00.000Z",
                "createdAt": "2026-11-21T10:00:00.000Z", "updatedAt": "2026-11-21T10:00:00.000Z",
                "deleted": false, "__v": 0, "score": .double(Double(index) / 3), "visits": .int(Int64(index)),
                "tags": ["a", "b"], "data": ["plan": "pro", "seats": 3], "channels": [], "timezone": "Europe/Paris",
            ]
            return .object(fields)
        }
        let bytes = try JSON.array(records).serialized()
        let megabytes = Double(bytes.count) / 1_000_000
        let state = try LuaState()
        let stack = state.main
        var parsed: JSON = .null
        let parse = try Measure.median(runs: 5) { try Measure.seconds { parsed = try JSON.parse(bytes) } }
        let toLua = try Measure.median(runs: 5) {
            let seconds = try Measure.seconds { try stack.push(parsed) }
            stack.pop()
            return seconds
        }
        try stack.push(parsed)
        var back: JSON = .null
        let fromLua = try Measure.median(runs: 5) { try Measure.seconds { back = try stack.json(at: -1) } }
        stack.pop()
        guard back == parsed else { throw LuaError(.conversion, "round trip changed the value") }
        let serialize = try Measure.median(runs: 5) { try Measure.seconds { _ = try back.serialized() } }
        let total = parse + toLua + fromLua + serialize
        func rate(_ seconds: Double) -> String { format(megabytes / seconds, 0) + " MB/s" }
        return [
            row("JSON text → JSON value (parse)", format(parse * 1000, 1) + " ms", rate(parse)),
            row("JSON value → Lua tables", format(toLua * 1000, 1) + " ms", rate(toLua)),
            row("Lua tables → JSON value", format(fromLua * 1000, 1) + " ms", rate(fromLua)),
            row("JSON value → JSON text (serialize)", format(serialize * 1000, 1) + " ms", rate(serialize)),
            row("whole round trip (\(format(megabytes, 1)) MB)", format(total * 1000, 1) + " ms", rate(total)),
        ]
    }
}
