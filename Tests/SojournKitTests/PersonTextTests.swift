import SojournKit
import Testing

@Suite struct PersonTextTests {
    @Test func nameAndAddressAreReadFromNameAngleAddress() {
        #expect(PersonText.name("Ana Lima <ana@example.com>") == "Ana Lima")
        #expect(PersonText.email("Ana Lima <ana@example.com>") == "ana@example.com")
        #expect(PersonText.name("Ana Lima<ana@example.com>") == "Ana Lima")
        #expect(PersonText.name("Zoë  Ünal \t <zoe@example.com>") == "Zoë  Ünal")
        #expect(PersonText.email("李 小龙 <li@example.cn>") == "li@example.cn")
        #expect(PersonText.name("李 小龙 <li@example.cn>") == "李 小龙")
    }

    @Test func otherTextIsTakenAsItIs() {
        #expect(PersonText.email("ana@example.com") == "ana@example.com")
        #expect(PersonText.name("ana@example.com") == "ana@example.com")
        #expect(PersonText.email("Ana Lima") == nil)
        #expect(PersonText.name("Ana Lima") == "Ana Lima")
        // An address alone in angle brackets has no name: the text is its own name.
        #expect(PersonText.name("<ana@example.com>") == "<ana@example.com>")
        #expect(PersonText.email("<ana@example.com>") == "ana@example.com")
        #expect(PersonText.email("Ana > Lima") == nil)
    }
}
