import Foundation
import SojournCore
import SojournKit
import SojournSQLite

/// A case service over an in-memory database, with fixed ids and clock.
struct CaseFixture {
    let service: CaseService

    init(plugins: PluginRegistry = TestSupport.plugins, today: String = "2026-11-23") throws {
        service = CaseService(
            store: try SQLiteCaseStore(), plugins: plugins,
            clock: .constant(CalendarDate(today)!), ids: .sequential())
    }

    static let assignmentFields = PlannerTests.assignmentFields
    static let bundledPath = TestSupport.packageRoot.appendingPathComponent(TestSupport.tasksFixture).path

    /// Opens one case of the workflow at `path` on `date` (a second case with the same
    /// employee and first date needs its own `reference`).
    func open(_ path: String = bundledPath, fields: [String: String] = assignmentFields, people: [String: String] = [:], on date: String = "2026-11-23", reference: String? = nil) throws -> String {
        let opening = try service.opening(workflowAt: path, calendars: TestSupport.calendars)
        let checked = try service.check(.init(fields: fields, people: people, reference: reference), for: opening, on: CalendarDate(date)!).get()
        return try service.open([checked], with: opening, on: CalendarDate(date)!, by: "hr@example.com")[0].id
    }

    @discardableResult
    func advance(_ id: String, to date: String) throws -> [CaseEvent] {
        let report = try service.advance(.cases([id]), to: CalendarDate(date)!)
        if let failure = report.failures.first { throw ServiceError(failure.message) }
        return report.changed.first?.events ?? []
    }

    /// Records `yaml` (the input) for `target` on `date`.
    @discardableResult
    func record(_ id: String, _ target: String, _ yaml: String = "{}", on date: String, by actor: String = "Ana Lima <ana@example.com>") throws -> [CaseEvent] {
        let input = try YAMLLoader().loadDocument(SourceFile(path: "input.yaml", text: yaml))
        return try service.apply(.record(CaseEngine.Target(target)!, input), to: id, by: actor, on: CalendarDate(date)!).events
    }

    /// Postpones `target` to `date`, on `day`.
    @discardableResult
    func postpone(_ id: String, _ target: String, to date: String, on day: String, by actor: String = "Ana Lima <ana@example.com>") throws -> [CaseEvent] {
        try service.apply(.postpone(CaseEngine.Target(target)!, to: CalendarDate(date)!), to: id, by: actor, on: CalendarDate(day)!).events
    }

    func status(_ id: String) throws -> CaseService.CaseView {
        try service.view(id)
    }

    func step(_ id: String, _ step: String) throws -> StepProgress {
        try status(id).stored.progress.steps[step]!
    }

    /// The history as `date kind target` lines, for comparing exactly.
    func history(_ id: String) throws -> [String] {
        try service.history(id).map { stored in
            let event = stored.event
            let target = event.phase ?? event.step.map { step in event.occurrence.map { "\(step)#\($0)" } ?? step } ?? "case"
            return "\(event.date) \(event.kind.rawValue) \(target)"
        }
    }
}

extension Array where Element == CaseEvent {
    /// The events as `date kind target` lines.
    var lines: [String] {
        map { event in
            let target = event.phase ?? event.step.map { step in event.occurrence.map { "\(step)#\($0)" } ?? step } ?? "case"
            return "\(event.date) \(event.kind.rawValue) \(target)"
        }
    }
}
