import SojournCore
import Testing

/// `PersonErasure.rewrite`: a person's address and names are replaced where they stand
/// whole, in any case, in plain text and in stored JSON, and nowhere else.
@Suite struct PersonErasureTests {
    let erasure = PersonErasure(email: "Ana@Example.com", names: ["Ana Lima", "Ana", "ana@example.com", " "], tag: "t3st")

    @Test func namesAreKeptLongestFirstWithoutAddressesOrRepeats() {
        #expect(erasure.email == "ana@example.com")
        #expect(erasure.names == ["Ana Lima", "Ana"])
        #expect(erasure.person == "Erased person t3st <erased-t3st@erased.invalid>")
    }

    @Test func theAddressAndNamesAreReplacedWhole() {
        #expect(erasure.rewrite("Ana Lima <ana@example.com>") == "Erased person t3st <erased-t3st@erased.invalid>")
        #expect(erasure.rewrite("ANA LIMA met Ana; write to ANA@EXAMPLE.COM.") == "Erased person t3st met Erased person t3st; write to erased-t3st@erased.invalid.")
        #expect(erasure.rewrite(#"{"to":["Ana Lima <ana@example.com>"],"note":"Ana's plan"}"#)
                == #"{"to":["Erased person t3st <erased-t3st@erased.invalid>"],"note":"Erased person t3st's plan"}"#)
    }

    @Test func textInsideLongerWordsAndAddressesIsLeft() {
        #expect(erasure.rewrite("Banana, Anabel and Ana_x") == nil)
        #expect(erasure.rewrite("hana@example.com, ana@example.com.au, ana@example.community") == nil)
        #expect(erasure.rewrite("Hana Lima") == nil)
    }

    @Test func aNameWithAQuoteIsFoundAsJSONWritesIt() {
        let quoted = PersonErasure(email: "jo@example.com", names: [#"Jo "JJ" O'Neil"#], tag: "q")
        #expect(quoted.rewrite(#"{"person":"Jo \"JJ\" O'Neil <jo@example.com>"}"#) == #"{"person":"Erased person q <erased-q@erased.invalid>"}"#)
        #expect(quoted.rewrite(#"Jo "JJ" O'Neil"#) == "Erased person q")
    }

    @Test func anErasureEventNamesItsEvents() {
        #expect(PersonErasure.erasedSequences(in: #"{"events":[3,7,12],"reason":"request"}"#) == [3, 7, 12])
        #expect(PersonErasure.erasedSequences(in: "not json").isEmpty)
    }

    @Test func aNameIsNotSomeoneElsesWithTheSameName() {
        // A namesake keeps their name where their address follows it, and a hyphenated
        // name is a different name.
        #expect(erasure.rewrite("Ana Lima <ana2@example.com>") == nil)
        #expect(PersonErasure(email: "ana@example.com", names: ["Ana Lima"]).rewrite("Ana Lima-Souza") == nil)
        #expect(erasure.rewrite("Ana Lima <ana@example.com> met Ana Lima <ana2@example.com>")
                == "Erased person t3st <erased-t3st@erased.invalid> met Ana Lima <ana2@example.com>")
    }

    @Test func oneWordAndSharedNamesAreReplacedOnlyInLinkedCases() {
        let shared = PersonErasure(email: "will@example.com", names: ["Will", "Will Ito", "Ana Lima"], namesakes: ["ana lima"], tag: "w")
        #expect(shared.namesReplacedEverywhere == ["Will Ito"])
        #expect(shared.rewrite("Will Ito said Will will call Ana Lima", linked: false) == "Erased person w said Will will call Ana Lima")
        #expect(shared.rewrite("Will Ito said Will will call Ana Lima", linked: true)
                == "Erased person w said Erased person w will call Erased person w")
    }
}
