import Foundation
import SojournKit

/// Checking and parsing conditions written in plugins' settings.
enum ConditionCheck {
    /// The condition as a source expression, or `nil` with its syntax error reported.
    static func parse(_ condition: Condition, source: SourceFile?, into diagnostics: inout [Diagnostic]) -> SourceExpression? {
        let location = condition.location ?? SourceLocation(file: source?.path ?? "", line: 1, column: 1)
        let column = textColumn(condition, source: source)
        switch Result(catching: { () throws(ExpressionError) in try ExpressionParser.parse(condition.text) }) {
        case .success(let expression):
            return SourceExpression(text: condition.text, expression: expression, location: location, textColumn: column)
        case .failure(let problem):
            let holder = SourceExpression(text: condition.text, expression: Expression(.null, range: 0..<0), location: location, textColumn: column)
            diagnostics.append(holder.diagnostic(.error, problem.message, at: problem.range))
            return nil
        }
    }

    static func parse(_ condition: Condition, workflow: Workflow, into diagnostics: inout [Diagnostic]) -> SourceExpression? {
        parse(condition, source: workflow.source, into: &diagnostics)
    }

    /// Problems with a condition over a plugin's own values.
    static func values(_ condition: Condition, kinds: [String: OutputDescription.Kind], workflow: Workflow) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        guard let expression = parse(condition, workflow: workflow, into: &diagnostics) else { return diagnostics }
        var checker = ExpressionChecker(workflow: workflow, outputs: [:], valueScope: kinds.mapValues(\.expressionType))
        guard let phase = workflow.phases.first else { return diagnostics }
        checker.check(expression, at: ExpressionSite(key: .when, phase: phase, step: nil))
        return diagnostics + checker.diagnostics
    }

    private static func textColumn(_ condition: Condition, source: SourceFile?) -> Int? {
        guard let location = condition.location, let line = source?.line(location.line) else { return nil }
        let shift: Int
        switch condition.style {
        case .plain?: shift = 0
        case .singleQuoted?, .doubleQuoted?: shift = 1
        default: return nil
        }
        let characters = Array(line.unicodeScalars)
        let value = Array(condition.text.unicodeScalars)
        let start = location.column - 1 + shift
        guard start >= 0, start + value.count <= characters.count, Array(characters[start..<(start + value.count)]) == value else { return nil }
        return shift
    }
}

/// Conditions a plugin's `validate` asked about, collected for checking afterwards.
final class ConditionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Condition] = []
    private var storedDates: [DateExpression] = []

    func add(_ condition: Condition) {
        lock.lock()
        stored.append(condition)
        lock.unlock()
    }

    func add(_ date: DateExpression) {
        lock.lock()
        storedDates.append(date)
        lock.unlock()
    }

    var dates: [DateExpression] {
        lock.lock()
        defer { lock.unlock() }
        return storedDates
    }

    var conditions: [Condition] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
