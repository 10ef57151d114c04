import Foundation
import SojournKit
import SojournLanguage

/// Checking and parsing conditions written in plugins' settings.
enum ConditionCheck {
    static func parse(_ condition: Condition, workflow: Workflow, into diagnostics: inout [Diagnostic]) -> SourceExpression? {
        SourceExpression.parse(condition, source: workflow.source, into: &diagnostics)
    }

    /// Problems with a condition over a plugin's own values.
    static func values(_ condition: Condition, kinds: [String: OutputDescription.Kind], workflow: Workflow) -> [Diagnostic] {
        ValuesScope.check(condition, kinds: kinds, source: workflow.source)
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
