import SojournKit
import SojournLanguage

/// What names in conditions and dates mean while a case runs: the case's fields, and
/// the dates, counts and outputs of its steps and phases so far. What is not known yet
/// is `null`.
struct EngineEnvironment: ExpressionEnvironment {
    let workflow: Workflow
    let fields: [String: PluginValue]
    let progress: CaseProgress
    let businessCalendar: BusinessCalendar
    let today: CalendarDate
    var start: CalendarDate?
    var due: CalendarDate?
    /// In a forecast no plugin runs, so what steps would publish is unknown, not null.
    var outputsUnknown = false

    func value(of names: [Expression.Name]) throws(EvaluationError) -> Value {
        let first = names[0].text
        switch first {
        case "today": return .date(today)
        case "start": return start.map(Value.date) ?? .null
        case "due": return due.map(Value.date) ?? .null
        default: break
        }
        if workflow.field(first) != nil { return fields[first].map(Value.init) ?? .null }
        if let step = progress.steps[first] {
            switch names.count > 1 ? names[1].text : "" {
            case "started": return step.started.map(Value.date) ?? .null
            case "done": return step.isFinished ? step.finished.map(Value.date) ?? .null : .null
            case "count":
                if step.occurrences.isEmpty { return .number(step.state == .completed ? 1 : 0) }
                return .number(Double(step.occurrences.filter { $0.state == .completed }.count))
            default:
                return step.outputs[names[1].text].map(Value.init) ?? (outputsUnknown ? .unknown : .null)
            }
        }
        if let phase = progress.phases[first] {
            switch names.count > 1 ? names[1].text : "" {
            case "started": return phase.started.map(Value.date) ?? .null
            default: return phase.isFinished ? phase.finished.map(Value.date) ?? .null : .null
            }
        }
        return .null
    }
}
