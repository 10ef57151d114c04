import SojournCore
import SojournKit
import Testing

/// What someone does about an agenda item on a day, in a driven scenario.
enum ScenarioAction: Hashable {
    case record(String, by: String)
    case postpone(to: String)
}

extension CaseFixture {
    /// Drives cases from `start` until they are all finished (or `limit`), jumping to the
    /// next day a case has something due or a `plannedDays` day, and on each day doing
    /// what `action` says for each agenda item, once each, until nothing more is done.
    /// `observe` runs at the end of every day visited, and may change the cases.
    func drive(
        _ ids: [String: String], from start: String, limit: String, plannedDays: [String] = [],
        action: (_ who: String, _ item: AgendaItem, _ day: CalendarDate) -> ScenarioAction?,
        observe: (CalendarDate) throws -> Void = { _ in }
    ) throws {
        let planned = plannedDays.map { CalendarDate($0)! }.sorted()
        let end = CalendarDate(limit)!
        var day = CalendarDate(start)!
        while true {
            var next: CalendarDate?
            for (who, id) in ids.sorted(by: { $0.value < $1.value }) {
                guard try status(id).stored.progress.state == .open else { continue }
                try advance(id, to: day.description)
                var acted = true
                var done: Set<String> = []
                while acted {
                    acted = false
                    for item in try status(id).agenda {
                        guard let todo = action(who, item, day) else { continue }
                        let target = item.occurrence.map { "\(item.step)#\($0)" } ?? item.step
                        // Each action once a day: what still waits after it waits for another day.
                        guard done.insert("\(target) \(todo)").inserted else { continue }
                        switch todo {
                        case .record(let yaml, let actor): try record(id, target, yaml, on: day.description, by: actor)
                        case .postpone(let date): try postpone(id, target, to: date, on: day.description)
                        }
                        acted = true
                        break
                    }
                }
            }
            try observe(day)
            // After `observe`, which may have changed a case (a hold, an amendment).
            for id in ids.values {
                let stored = try status(id).stored
                if stored.progress.state == .open, let wake = stored.nextMoment { next = Swift.min(next ?? wake, Swift.max(wake, day.adding(days: 1))) }
            }
            guard let wake = next else { return }
            day = Swift.min(wake, planned.first { $0 > day } ?? wake)
            guard day < end else {
                Issue.record("the cases should have finished by \(limit)")
                return
            }
        }
    }
}
