import SojournCore
import SojournKit

extension AgendaItem {
    /// One agenda line: due date (red when overdue), case, step, who owes it, what to do.
    func line(on date: CalendarDate, paint: Paint) -> String {
        let overdue = kind == .failed || (due.map { $0 < date } ?? false)
        let dueText = due.map { overdue ? paint.red("\($0)") : "\($0)" } ?? (kind == .failed ? paint.red("failed    ") : "no due    ")
        let name = occurrence.map { "\(step)#\($0)" } ?? step
        let owner = [ownerRole, ownerPerson].compactMap { $0 }.joined(separator: " ")
        return "\(dueText)  \(paint.bold(caseID)) \(caseLabel)  \(name)  \(paint.dim(owner))  \(prompt)"
    }
}
