import Foundation
import JSONCore
import LuaKit
import NovuTesting
@testable import NovuShell

/// A real ``Shell`` on a fresh engine store in a temporary directory (HOME and XDG there too), for
/// running Lua the way the REPL and scripts do.
final class LuaShellFixture: Sendable {
    let shell: Shell
    let directory: String
    /// Holds the store, HOME and XDG directories; removed with the last copy of the fixture.
    private let scratch: ScratchDirectory

    /// A shell on a fresh engine store, or connected to `url` (with no API key) when given.
    init(json: Bool = false, url: String? = nil) throws {
        scratch = try ScratchDirectory("lua")
        directory = scratch.url.path
        var options = ShellOptions()
        if let url { options.url = url } else { options.store = directory + "/store.sqlite" }
        options.json = json
        let environment = [
            "HOME": directory, "XDG_CONFIG_HOME": directory + "/config", "XDG_STATE_HOME": directory + "/state",
            "XDG_DATA_HOME": directory + "/data",
        ]
        shell = try Shell(options: options, paths: ShellPaths(environment: environment))
    }

    /// Runs `source` and returns its first result as JSON (`null` for none).
    func evaluate(_ source: String) async throws -> JSON {
        let chunk = try await shell.runtime.compile(source, name: "=test")
        return try await shell.runtime.run(chunk) { stack, count in
            count > 0 ? (try? stack.json(at: stack.top - count + 1)) ?? .null : .null
        }
    }

    /// Runs `source` and returns a snapshot of its first result, as the REPL takes it.
    func snapshot(_ source: String) async throws -> LuaSnapshot {
        let chunk = try await shell.runtime.compile(source, name: "=test")
        return try await shell.runtime.run(chunk) { stack, count in
            count > 0 ? stack.snapshot(at: stack.top - count + 1) : .nil
        }
    }

    /// Runs `source` with `io.write` captured, and returns what it wrote.
    func output(_ source: String) async throws -> String {
        let wrapped = """
            local captured, write = {}, io.write
            io.write = function(...) for i = 1, select("#", ...) do captured[#captured + 1] = tostring((select(i, ...))) end end
            local ok, err = pcall(function() \(source) end)
            io.write = write
            if not ok then error(err, 0) end
            return table.concat(captured)
            """
        return try await evaluate(wrapped).stringValue ?? ""
    }

    func close() async {
        await shell.connection.close()
    }

    // The journal is written in the background: its last lines must land before the directory goes.
    deinit { Journal.waitForPendingEntries() }
}
