import JSONCore
import Testing

@testable import NovuEngine

/// Step templates render variables by dot path, loops with `this`, `@index` and `../`, conditions, and
/// leave unknown variables empty; a parsed template renders the same for every set of variables.
struct TemplateRendererTests {
    private static let variables: JSON = [
        "subscriber": ["firstName": "Ada", "tags": ["a", "b"]],
        "payload": [
            "n": 3, "items": [["name": "x", "qty": 1], ["name": "y", "qty": 2]], "flag": false, "nested": ["list": [["v": "deep"]]],
        ],
    ]

    private func render(_ template: String, _ variables: JSON = Self.variables) -> String {
        TemplateRenderer(variables: variables).render(template)
    }

    @Test func variablesAreFoundByDotPathIncludingArrayPositions() {
        #expect(render("Hi {{subscriber.firstName}}, {{ payload.n }}") == "Hi Ada, 3")
        #expect(render("{{payload.items.1.name}} {{payload.nested.list.0.v}} {{subscriber.tags.1}}") == "y deep b")
        #expect(render("[{{payload.missing}}][{{payload.items.9.name}}][{{subscriber.firstName.x}}]") == "[][][]")
        #expect(render("{{{payload.n}}}") == "3")
    }

    @Test func loopsSeeTheItemThisIndexAndOuterScopes() {
        #expect(render("{{#each payload.items}}{{@index}}:{{name}}x{{this.qty}} {{/each}}") == "0:xx1 1:yx2 ")
        #expect(render("{{#each subscriber.tags}}{{this}}{{.}}/{{../payload.n}}/{{payload.n}};{{/each}}") == "aa/3/3;bb/3/3;")
        #expect(render("{{#each payload.none}}never{{else}}empty{{/each}}") == "empty")
    }

    @Test func conditionsChooseTheirBranch() {
        #expect(render("{{#if payload.flag}}yes{{else}}no{{/if}} {{#unless payload.flag}}shown{{/unless}}") == "no shown")
        #expect(render("{{#if subscriber.firstName}}{{subscriber.firstName}}{{/if}}") == "Ada")
    }

    @Test func oneParsedTemplateRendersEachSubscribersOwnValues() {
        let template = "Hello {{subscriber.firstName}} #{{payload.n}}"
        let names = ["Ada", "Grace", "Linus"]
        let rendered = names.enumerated().map { offset, name in
            render(template, ["subscriber": ["firstName": .string(name)], "payload": ["n": .int(Int64(offset))]])
        }
        #expect(rendered == ["Hello Ada #0", "Hello Grace #1", "Hello Linus #2"])
    }

    @Test func renderAllRendersEveryStringInsideAValue() {
        let rendered = TemplateRenderer(variables: Self.variables).renderAll(["url": "/u/{{subscriber.firstName}}", "list": ["{{payload.n}}", 7]])
        #expect(rendered == ["url": "/u/Ada", "list": ["3", 7]])
    }
}
