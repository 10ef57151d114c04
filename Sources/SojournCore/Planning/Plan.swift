public import SojournKit
public import SojournLanguage

/// The dated schedule a case would follow if every step were done on its due date.
public struct Plan: Sendable {
    /// The workflow's id, title and version.
    public var workflowID: String
    public var workflowTitle: String
    public var workflowVersion: Int?
    /// The date the case is taken to open.
    public var opened: CalendarDate
    /// The field values, in the workflow's order, defaults included.
    public var fields: [(name: String, value: Value)]
    /// Which holidays business days skip (`NO`, or `weekends only`).
    public var businessCalendar: String
    /// The phases in the workflow's order.
    public var phases: [PhasePlan]
    /// Assumptions the plan had to make (conditions that depend on recorded input).
    public var assumptions: [String]

    /// Every dated event, in date order.
    public var timeline: [PlanEvent] {
        var events: [PlanEvent] = []
        for (phaseOrder, phase) in phases.enumerated() {
            events.append(PlanEvent(date: phase.start, kind: phase.skipped ? .phaseSkipped : .phaseStarted, phase: phase.id, order: (phaseOrder, -1, 0)))
            for (stepOrder, step) in phase.steps.enumerated() {
                let order = (phaseOrder, stepOrder)
                if step.skipped {
                    events.append(PlanEvent(date: step.start, kind: .stepSkipped, phase: phase.id, step: step.id, order: (order.0, order.1, 0)))
                    continue
                }
                if step.occurrences.isEmpty {
                    events.append(PlanEvent(date: step.start, kind: .stepStarted, phase: phase.id, step: step.id, order: (order.0, order.1, 0)))
                } else {
                    for occurrence in step.occurrences {
                        events.append(PlanEvent(date: occurrence.date, kind: .occurrence, phase: phase.id, step: step.id, occurrence: occurrence.number, order: (order.0, order.1, 1)))
                    }
                }
                for reminder in step.reminders {
                    events.append(PlanEvent(date: reminder.date, kind: .reminder, phase: phase.id, step: step.id, occurrence: reminder.occurrence, detail: reminder.rule, order: (order.0, order.1, 2)))
                }
                if step.occurrences.isEmpty, let due = step.due {
                    events.append(PlanEvent(date: due, kind: .stepDue, phase: phase.id, step: step.id, order: (order.0, order.1, 3)))
                }
            }
            if !phase.skipped {
                events.append(PlanEvent(date: phase.done, kind: .phaseDone, phase: phase.id, order: (phaseOrder, Int.max, 0)))
            }
        }
        return events.enumerated().sorted { a, b in
            (a.element.date, a.element.order.0, a.element.order.1, a.element.order.2, a.offset)
                < (b.element.date, b.element.order.0, b.element.order.1, b.element.order.2, b.offset)
        }.map(\.element)
    }
}

/// A phase in a plan.
public struct PhasePlan: Sendable {
    public var id: String
    public var title: String?
    /// When it starts (or is skipped).
    public var start: CalendarDate
    /// When its last step is done.
    public var done: CalendarDate
    /// Whether its `when:` is false.
    public var skipped: Bool
    public var steps: [StepPlan]
}

/// A step in a plan.
public struct StepPlan: Sendable {
    public var id: String
    public var title: String?
    public var uses: String
    public var owner: String?
    /// When it starts (or is skipped).
    public var start: CalendarDate
    /// Its due date, for a step that happens once and has one.
    public var due: CalendarDate?
    /// When it is done in the plan: its due date, or its start when it has none.
    public var done: CalendarDate
    public var skipped: Bool
    /// The occurrences of a repeating step.
    public var occurrences: [OccurrencePlan]
    /// Its reminders, in date order.
    public var reminders: [ReminderPlan]
}

/// One occurrence of a repeating step (`mentoring#3`).
public struct OccurrencePlan: Sendable, Hashable {
    /// 1-based.
    public var number: Int
    public var date: CalendarDate
    public var due: CalendarDate
}

/// A reminder in a plan.
public struct ReminderPlan: Sendable, Hashable {
    public var date: CalendarDate
    /// The rule as written (`due - 3d`).
    public var rule: String
    /// The occurrence it belongs to, for repeating steps.
    public var occurrence: Int?
}

/// One line of a plan's timeline.
public struct PlanEvent: Sendable {
    public enum Kind: String, Sendable {
        case phaseStarted = "phase-started", phaseSkipped = "phase-skipped", phaseDone = "phase-done"
        case stepStarted = "step-started", stepSkipped = "step-skipped", stepDue = "step-due"
        case occurrence, reminder
    }

    public var date: CalendarDate
    public var kind: Kind
    public var phase: String
    public var step: String? = nil
    public var occurrence: Int? = nil
    public var detail: String? = nil
    /// Phase, step and kind order, to sort events of one day as the workflow lists them.
    var order: (Int, Int, Int)
}
