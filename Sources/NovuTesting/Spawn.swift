import CShim
import Foundation

/// Starts programs with `posix_spawn`, their standard streams on files, and nothing else inherited.
///
/// Not with Foundation's `Process`: on Linux it notices a child's exit when a socket the child
/// inherits is closed, and a tmux server forked at the same moment (by this or another test) can
/// inherit that socket and keep it open for its whole life, so the exit is never noticed. Output goes
/// to files for the same reason (a pipe would never reach its end).
enum Spawn {
    /// Starts `path` with `arguments` (argv[0] is the path) and exactly `environment`.
    ///
    /// - Parameters:
    ///   - input: the file read as stdin.
    ///   - output: the file stdout writes (created or truncated).
    ///   - error: the file stderr writes, or `nil` to send it to `output`.
    /// - Returns: the child's pid, or the `posix_spawn` error number.
    static func start(
        _ path: String, arguments: [String], environment: [String: String], input: String, output: String,
        error: String?
    ) -> Result<pid_t, SpawnFailure> {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let error {
            posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // Nothing else of this process (other tests' pipes and sockets) must live on in the child.
        cshim_spawn_close_from(&actions, 3)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        return spawned == 0 ? .success(pid) : .failure(SpawnFailure(code: spawned))
    }

    /// The exit status of a `waitpid` status: the code, or 128 + the signal for a killed child.
    /// (WIFEXITED / WEXITSTATUS are macros Swift cannot import.)
    static func exitStatus(_ status: Int32) -> (code: Int32, signalled: Bool) {
        let signalled = (status & 0x7F) != 0
        return (signalled ? 128 + (status & 0x7F) : (status >> 8) & 0xFF, signalled)
    }
}

/// `posix_spawn` refused to start a program.
struct SpawnFailure: Error, CustomStringConvertible {
    /// The error number.
    let code: Int32
    var description: String { String(cString: strerror(code)) }
}
