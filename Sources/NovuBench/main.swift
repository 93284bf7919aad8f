import Foundation

/// `novush-bench WHAT [SIZE…]`: the in-process benchmarks that `Scripts/bench` runs and records
/// in BENCHMARKS.md. Each prints markdown table rows on stdout.
let arguments = Array(CommandLine.arguments.dropFirst())
func size(_ index: Int, _ fallback: Int) -> Int { arguments.count > index ? Int(arguments[index]) ?? fallback : fallback }

do {
    let rows: [String]
    switch arguments.first {
    case "bridge": rows = try LuaBenchmarks.bridge()
    case "conversion": rows = try LuaBenchmarks.conversion()
    case "subscribers": rows = try await EngineBenchmarks.subscribers(total: size(1, 1_000_000))
    case "triggers":
        rows = try await EngineBenchmarks.triggers(count: size(1, 5_000), fanOut: size(2, 10_000), messages: size(3, 1_000_000))
    case "memory": rows = [row("bench process after start-up", format(residentMegabytes(), 1) + " MB")]
    default:
        FileHandle.standardError.write(Data("usage: novush-bench bridge|conversion|subscribers [N]|triggers [N FANOUT MESSAGES]\n".utf8))
        exit(2)
    }
    print(rows.joined(separator: "\n"))
} catch {
    FileHandle.standardError.write(Data("novush-bench: \(error)\n".utf8))
    exit(1)
}
