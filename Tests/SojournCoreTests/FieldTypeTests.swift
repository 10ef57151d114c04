import SojournCore
import SojournKit
import SojournLanguage
import Testing

@Suite struct FieldTypeTests {
    @Test(arguments: [
        (FieldType.text, "  Ana  ", Value.text("Ana")),
        (.number, "2.5", .number(2.5)),
        (.yesNo, "Yes", .bool(true)),
        (.yesNo, "false", .bool(false)),
        (.date, "2028-02-29", .date(CalendarDate("2028-02-29")!)),
        (.email, "ana@example.com", .text("ana@example.com")),
        (.country, "no", .text("NO")),
        (.timezone, "Europe/Oslo", .text("Europe/Oslo")),
        (.person, "Ana Lima", .text("Ana Lima")),
        (.person, "Ana Lima <ana@example.com>", .text("Ana Lima <ana@example.com>")),
        (.list, "French, German,", .list([.text("French"), .text("German")])),
    ])
    func acceptedValues(type: FieldType, text: String, expected: Value) throws {
        #expect(try type.parse(text).get() == expected)
    }

    @Test(arguments: [
        (FieldType.number, "three", "'three' is not a number"),
        (.yesNo, "maybe", "'maybe' is not yes or no"),
        (.date, "01/03/2027", "'01/03/2027' is not a date; write YYYY-MM-DD, for example 2027-03-01"),
        (.email, "ana@", "'ana@' is not an email address; write it as name@example.com"),
        (.country, "UK", "'UK' is not an ISO 3166-1 code; did you mean 'GB' (United Kingdom)?"),
        (.country, "Norway", "'Norway' is not an ISO 3166-1 country code; did you mean 'NO'?"),
        (.country, "XX", "'XX' is not an ISO 3166-1 country code; use two letters such as NO (Norway) or FR (France)"),
        (.timezone, "Europe/Olso", "'Europe/Olso' is not a time zone; did you mean 'Europe/Oslo'?"),
        (.person, "ana@example.com", "'ana@example.com' has no name; write 'Name <ana@example.com>'"),
        (.person, "Ana <ana@", "'Ana <ana@' has no closing '>'; write 'Name <email>'"),
        (.person, "Ana <ana>", "'ana' is not an email address"),
        (.text, "   ", "is empty; expected any text"),
    ])
    func refusedValues(type: FieldType, text: String, message: String) {
        #expect(throws: FieldValueError(message)) { try type.parse(text).get() }
    }

    @Test func choicesSuggestTheClosestOption() {
        #expect(throws: FieldValueError("'manger' is not an option; did you mean 'manager'?; choose 'analyst', 'manager' or 'director'")) {
            try FieldType.choice.parse("manger", options: ["analyst", "manager", "director"]).get()
        }
    }
}
