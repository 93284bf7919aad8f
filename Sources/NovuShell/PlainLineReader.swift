import CShim
#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// Reads lines from standard input without editing, prompts or history: the REPL's input when
/// stdin is not a terminal (`echo '1+1' | novush`).
///
/// Lines are read with `getline` on the C `stdin` stream, the same buffered stream Lua's `io.read`
/// uses, so a script that reads stdin itself sees the lines that follow. Reads run on a dedicated
/// thread, never on Swift's cooperative pool.
public final class PlainLineReader: LineSource {
    /// The stream lines come from.
    ///
    /// `nonisolated(unsafe)`: the stream is only touched by jobs on `thread`, which run one at a time.
    private nonisolated(unsafe) let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private let thread = SerialThread(name: "novush.input")

    /// Creates a reader on standard input.
    public convenience init() {
        self.init(standardInput: ())
    }

    private init(standardInput: Void) {
        self.file = cshim_stdin()
        self.ownsFile = false
    }

    /// Creates a reader on a file descriptor, which it then owns and closes (for tests).
    ///
    /// - Parameter fileDescriptor: An open, readable descriptor.
    package init?(fileDescriptor: Int32) {
        guard let file = fdopen(fileDescriptor, "r") else { return nil }
        self.file = file
        self.ownsFile = true
    }

    deinit {
        if ownsFile {
            nonisolated(unsafe) let file = self.file
            // Close on the reader thread, after any read still queued.
            thread.submit { fclose(file) }
        }
        thread.stop()
    }

    /// Reads the next line; the prompt is not shown.
    public func readLine(prompt: String) async -> LineInput {
        nonisolated(unsafe) let file = self.file
        return await thread.run { Self.readLine(from: file) }
    }

    /// Does nothing: piped input has no history.
    public func addHistory(_ line: String) {}

    static func readLine(from file: UnsafeMutablePointer<FILE>) -> LineInput {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        let count = getline(&buffer, &capacity, file)
        guard count >= 0, let buffer else { return .endOfInput }
        var bytes = UnsafeRawBufferPointer(start: buffer, count: count)[...]
        if bytes.last == 0x0A { bytes = bytes.dropLast() }
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }
}

/// The C standard streams. (Glibc's `stdin`/`stdout`/`stderr` are mutable C globals that Swift 6
/// rejects in files where the C library is not a `@preconcurrency` import; they are set once by
/// the C runtime before `main`.)
enum StandardStream {
    static var input: UnsafeMutablePointer<FILE> { cshim_stdin() }
    static var output: UnsafeMutablePointer<FILE> { cshim_stdout() }
    static var error: UnsafeMutablePointer<FILE> { cshim_stderr() }
}
