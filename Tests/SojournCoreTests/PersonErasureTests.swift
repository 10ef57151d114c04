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
        #expect(erasure.rewrite("ANA LIMA met Bo; write to ANA@EXAMPLE.COM.") == "Erased person t3st met Bo; write to erased-t3st@erased.invalid.")
        #expect(erasure.rewrite(#"{"to":["Ana Lima <ana@example.com>"],"note":"Ana Lima's plan"}"#)
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


    @Test func aOneWordNameIsReplacedOnlyWhereItNamesThemForCertain() {
        let mark = PersonErasure(email: "mark@example.com", names: ["Mark"], tag: "m")
        #expect(mark.rewrite("Mark <mark@example.com>") == "Erased person m <erased-m@erased.invalid>")
        #expect(mark.rewrite("Mark") == "Erased person m")
        #expect(mark.rewrite(#"{"manager":"Mark","prompt":"Mark the task done"}"#) == #"{"manager":"Erased person m","prompt":"Mark the task done"}"#)
        #expect(mark.rewrite("Mark the task done; thanks Mark") == nil)
        // Ana is a word of Ana Lima's name too: only before her own address.
        #expect(erasure.rewrite("Ana <ana@example.com>, Ana Lima-Souza, Ana said") == "Erased person t3st <erased-t3st@erased.invalid>, Ana Lima-Souza, Ana said")
    }

    @Test func sharedNamesAreReplacedOnlyInLinkedCasesAndOthersNever() {
        let will = PersonErasure(email: "will@example.com", names: ["Will Ito", "Ana Lima"], others: [(name: "Ana Lima", email: "ana2@example.com")], tag: "w")
        #expect(will.namesReplacedEverywhere == ["Will Ito"])
        let text = "Will Ito said Ana Lima will call Ana Lima <ana2@example.com>. Ana Lima did it. Copy to Bo Berg <bo@example.com>"
        #expect(will.rewrite(text, linked: false) == "Erased person w said Ana Lima will call Ana Lima <ana2@example.com>. Ana Lima did it. Copy to Bo Berg <bo@example.com>")
        #expect(will.rewrite(text, linked: true)
                == "Erased person w said Erased person w will call Ana Lima <ana2@example.com>. Erased person w did it. Copy to Bo Berg <bo@example.com>")
        // A namesake nobody told it of is still left where their address follows.
        #expect(erasure.rewrite("Ana Lima <ana3@example.com>") == nil)
    }
}
