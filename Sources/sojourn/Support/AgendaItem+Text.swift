import SojournCore
import SojournKit

extension AgendaItem {
    /// One agenda line: due date (and the word `overdue`, red on a terminal, when it is),
    /// case, step, who owes it, what to do.
    func line(on date: CalendarDate, paint: Paint) -> String {
        let late = due.map { $0 < date } ?? false
        let dueText = due.map { late ? paint.red("\($0) overdue") : "\($0)        " } ?? (kind == .failed ? paint.red("failed            ") : "no due            ")
        let name = occurrence.map { "\(step)#\($0)" } ?? step
        let owner = [ownerRole, ownerPerson].compactMap { $0 }.joined(separator: " ")
        return "\(dueText)  \(paint.bold(caseID)) \(caseLabel)  \(name)  \(paint.dim(owner))  \(prompt)"
    }
}
