import JSONCore
import NovuKit
import Testing
@testable import NovuShell

/// `help`: the overview, every module and every function of the catalogue.
@Suite(.timeLimit(.minutes(2)))
struct HelpTests {
    @Test func everyFunctionHasHelpWithSignatureRouteFieldsExampleAndResult() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        for operation in OperationCatalogue.all {
            let text = try await fixture.output("help(novu.\(operation.name))")
            #expect(text.hasPrefix("novu.\(operation.signature)\n"), "\(operation.name)")
            #expect(text.contains("\(operation.method) \(operation.pathTemplate)"), "\(operation.name)")
            #expect(text.contains(operation.example), "\(operation.name)")
            #expect(text.contains("Returns: "), "\(operation.name)")
            for field in operation.body + operation.query {
                #expect(text.contains("  \(field.name)"), "\(operation.name).\(field.name)")
            }
            let byName = try await fixture.output("help \"\(operation.name)\"")
            #expect(byName == text, "\(operation.name)")
        }
    }

    @Test func everyModuleHasHelpListingItsFunctions() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let modules = Set(OperationCatalogue.all.flatMap { operation in
            let parts = operation.name.split(separator: ".")
            return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: ".") }
        })
        #expect(!modules.isEmpty)
        for module in modules.sorted() {
            let text = try await fixture.output("help(novu.\(module))")
            #expect(text.hasPrefix("novu.\(module) — "), "\(module)")
            for operation in OperationCatalogue.operations(under: module)
            where operation.name.split(separator: ".").count == module.split(separator: ".").count + 1 {
                #expect(text.contains("novu.\(operation.signature)"), "\(operation.name)")
            }
        }
    }

    @Test func helpWithoutArgumentsListsEveryModuleAndHelper() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let text = try await fixture.output("help()")
        for module in OperationTree.moduleNames { #expect(text.contains("novu.\(module) "), "\(module)") }
        #expect(text.contains("novu.trigger("))
        #expect(text.contains("novu.each"))
    }

    @Test func helpersAndLibrariesHaveHelpToo() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        #expect(try await fixture.output("help(novu.each)").contains("concurrency"))
        #expect(try await fixture.output("help(novu.all)").contains("novu.all(fn"))
        #expect(try await fixture.output("help(csv)").contains("csv.read(path)"))
        #expect(try await fixture.output("help 'null'").contains("novu.null"))
    }

    @Test func helpForAnUnknownNameSaysSo() async throws {
        let fixture = try LuaShellFixture()
        defer { Task { await fixture.close() } }
        let result = try await fixture.evaluate("local ok, e = pcall(help, 'subscribers.nope') return {ok, e.message}")
        #expect(result == [false, "help: nothing is called 'subscribers.nope' (help() lists what there is)"])
    }

    @Test func theHelpOfPatchShowsTypesAndLimits() {
        let text = HelpText.text(forName: "subscribers.patch") ?? ""
        #expect(text.contains("PATCH /v2/subscribers/{subscriberId}"))
        #expect(text.contains("email"))
        #expect(text.contains("a valid email"))
        #expect(text.contains("string"))
    }
}
