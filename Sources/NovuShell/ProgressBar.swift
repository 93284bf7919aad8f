import CShim
import Foundation
import Synchronization

/// A one-line progress bar on stderr: `[#####.....] 37/100  12.3/s  ETA 5s  2 failed`, redrawn at
/// most ten times a second; without a known total it shows the count and the rate. Only create one
/// when stderr is a terminal.
final class ProgressBar: Sendable {
    private struct State: Sendable {
        var lastDraw: ContinuousClock.Instant?
        var done = 0
        var failed = 0
        var drawn = false
    }

    let total: Int?
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    init(total: Int?) { self.total = total }

    /// Records progress and redraws when the last draw is old enough.
    func update(done: Int, failed: Int) {
        let line: String? = state.withLock { state in
            state.done = done
            state.failed = failed
            let now = ContinuousClock.now
            if let last = state.lastDraw, now - last < .milliseconds(100), done != total { return nil }
            state.lastDraw = now
            state.drawn = true
            return Self.render(done: done, failed: failed, total: total, elapsed: now - started)
        }
        if let line { writeStandardError("\r" + line + "\u{1B}[K") }
    }

    /// Clears the bar.
    func finish() {
        let drawn = state.withLock { $0.drawn }
        if drawn { writeStandardError("\r\u{1B}[K") }
    }

    /// The text of the bar.
    static func render(done: Int, failed: Int, total: Int?, elapsed: Duration, width: Int = 30) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var text: String
        if let total, total > 0 {
            let filled = min(width, done * width / total)
            text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            text += "\(done)/\(total)"
        } else {
            text = "\(done) done"
        }
        text += "  " + String(format: "%.1f/s", rate)
        if let total, rate > 0, done < total {
            text += "  ETA " + formatDuration(Double(total - done) / rate)
        }
        if failed > 0 { text += "  \(failed) failed" }
        return text
    }

    static func formatDuration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m"
    }
}
