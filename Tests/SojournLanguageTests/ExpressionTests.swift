import SojournLanguage
import SojournKit
import Testing

/// Names for evaluating expressions in tests.
struct TestEnvironment: ExpressionEnvironment {
    var values: [String: Value]
    var businessCalendar: BusinessCalendar { .weekendsOnly }

    func value(of names: [Expression.Name]) throws(EvaluationError) -> Value {
        values[names.map(\.text).joined(separator: ".")] ?? .null
    }
}

@Suite struct ExpressionTests {
    let environment = TestEnvironment(values: [
        "level": .text("manager"),
        "departure": .date(CalendarDate("2027-03-01")!),
        "mentoring.count": .number(11),
        "eligibility.wants_mentor": .bool(true),
        "pending.answer": .unknown,
        "host_country": .text("NO"),
    ])

    func evaluate(_ text: String) throws -> Value {
        try ExpressionEvaluator.evaluate(try ExpressionParser.parse(text), in: environment)
    }

    @Test(arguments: [
        ("level != \"analyst\" or mentoring.count >= 10", Value.bool(true)),
        ("level == \"analyst\" and mentoring.count >= 10", .bool(false)),
        ("not eligibility.wants_mentor", .bool(false)),
        ("not (level == 'manager')", .bool(false)),
        ("host_country in [\"NO\", \"SE\", \"DK\"]", .bool(true)),
        ("host_country not in [\"NO\", \"SE\"]", .bool(false)),
        ("departure - 8w", .date(CalendarDate("2027-01-04")!)),
        ("departure + 1mo - 1d", .date(CalendarDate("2027-03-31")!)),
        ("departure > 2027-01-15", .bool(true)),
        ("departure + 2w <= 2027-03-15", .bool(true)),
        ("missing == null", .bool(true)),
        ("missing > 3", .bool(false)),
        ("mentoring.count + 1 == 12", .bool(true)),
        ("true and false or true", .bool(true)),
        ("true or false and false", .bool(true)),
    ])
    func evaluates(text: String, expected: Value) throws {
        #expect(try evaluate(text) == expected)
    }

    @Test func unknownAnswersStayUnknownUnlessTheOtherSideDecides() throws {
        #expect(try evaluate("pending.answer == 3") == .unknown)
        #expect(try evaluate("pending.answer == 3 and false") == .bool(false))
        #expect(try evaluate("pending.answer == 3 or true") == .bool(true))
        #expect(try evaluate("pending.answer == 3 and true") == .unknown)
        #expect(try evaluate("not pending.answer") == .unknown)
    }

    @Test(arguments: [
        ("departure - ", "the expression ends too early; something is missing here", 12..<12),
        ("level = 'x'", "use '==' to compare", 6..<7),
        ("a && b", "write 'and' instead of '&&'", 2..<4),
        ("(a or b", "expected ')' to close the '(' at offset 1", 7..<7),
        ("a b", "unexpected name 'b' after a complete expression; join conditions with 'and' or 'or'", 2..<3),
        ("'open", "this text has no closing single quote", 0..<1),
        ("x in [1, 2", "expected ',' or ']' in this list", 10..<10),
        ("departure - 8x", "unknown unit 'x' in duration '8x'; use d (days), w (weeks), mo (months), y (years) or bd (business days)", 12..<14),
        ("2027-02-30", "'2027-02-30' is not a date; write YYYY-MM-DD, for example 2027-01-15", 0..<10),
        ("", "the expression is empty", 0..<0),
    ])
    func syntaxErrorsArePositioned(text: String, message: String, range: Range<Int>) {
        #expect(throws: ExpressionError(message, at: range)) { try ExpressionParser.parse(text) }
    }
}
