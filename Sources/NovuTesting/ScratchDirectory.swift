public import Foundation

/// A new directory under the system temporary directory that is removed, with everything in it,
/// when the last reference goes away. Tests and benchmarks keep their stores in one, so a test run
/// leaves nothing behind in `/tmp`.
///
/// ```swift
/// let scratch = try ScratchDirectory("engine")
/// let path = scratch.url.appendingPathComponent("engine.sqlite").path
/// ```
public final class ScratchDirectory: Sendable {
    /// The directory (symbolic links resolved).
    public let url: URL

    /// Creates `novush-<label>-<random>` under the system temporary directory.
    /// - Throws: `CocoaError` when the directory cannot be created.
    public init(_ label: String) throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("novush-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.url = url.resolvingSymlinksInPath()
    }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
