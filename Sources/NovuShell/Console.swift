import CShim
import Foundation

/// The shell's standard output and error: data on stdout, diagnostics on stderr, colours only on
/// a terminal (and never when `NO_COLOR` is set).
struct Console: Sendable {
    /// True when stdout is a terminal and colours are allowed.
    let colors: Bool
    /// True when stdin is a terminal.
    let interactiveInput: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        colors = isatty(1) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        interactiveInput = isatty(0) != 0
    }

    /// Writes `text` and a newline on stdout.
    func output(_ text: String) {
        var line = text
        line.append("\n")
        line.withCString { _ = fputs($0, cshim_stdout()) }
    }

    /// Writes `text` and a newline on stderr, after flushing stdout so the order is kept.
    func error(_ text: String) {
        fflush(cshim_stdout())
        var line = text
        line.append("\n")
        line.withCString { _ = fputs($0, cshim_stderr()) }
        fflush(cshim_stderr())
    }

    /// Flushes stdout.
    func flush() { fflush(cshim_stdout()) }
}
