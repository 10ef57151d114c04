import GRDB
import SojournCore
import SojournKit

extension SQLiteTransaction {
    func reportCases(workflowHashes: [String], _ body: (ReportCase) throws -> Void) throws {
        guard !workflowHashes.isEmpty else { return }
        let marks = Array(repeating: "?", count: workflowHashes.count).joined(separator: ", ")
        let kinds = ReportCase.kinds.map(\.rawValue)
        let kindMarks = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
        let caseRows = try Row.fetchCursor(db, sql: """
            SELECT c.id, c.workflow_hash, c.state, c.ending, c.as_of, c.fields, c.opened_on,
                   (SELECT MIN(m) FROM (SELECT s.next_moment AS m FROM steps s WHERE s.case_id = c.id
                                        UNION ALL SELECT p.next_moment FROM phases p WHERE p.case_id = c.id)) AS next_moment
            FROM cases c WHERE c.workflow_hash IN (\(marks)) ORDER BY c.id
            """, arguments: StatementArguments(workflowHashes))
        let outputRows = try Row.fetchCursor(db, sql: """
            SELECT s.case_id, s.step, s.outputs FROM steps s JOIN cases c ON c.id = s.case_id
            WHERE c.workflow_hash IN (\(marks)) AND s.outputs IS NOT NULL ORDER BY s.case_id
            """, arguments: StatementArguments(workflowHashes))
        let eventRows = try Row.fetchCursor(db, sql: """
            SELECT e.case_id, e.sequence, e.kind, e.on_date, e.step, e.occurrence, e.actor, e.data
            FROM events e JOIN cases c ON c.id = e.case_id
            WHERE c.workflow_hash IN (\(marks)) AND e.kind IN (\(kindMarks))
            ORDER BY e.case_id, e.sequence
            """, arguments: StatementArguments(workflowHashes + kinds))
        var pending = try eventRows.next()
        var pendingOutputs = try outputRows.next()
        while let row = try caseRows.next() {
            let id: String = row[0]
            func problem(_ text: String) -> UnreadableCase { UnreadableCase(caseID: id, problem: text) }
            let stateText: String = row[2]
            guard let state = CaseProgress.State(rawValue: stateText) else { throw problem("its state is '\(stateText)'") }
            guard let asOf = ColumnValues.date(row[4]) else { throw problem("it has no date") }
            guard let fields = ColumnValues.object(row[5] as String) else { throw problem("its fields are not a JSON object") }
            guard let openedOn = ColumnValues.date(row[6]) else { throw problem("it has no opening date") }
            var outputs: [String: [String: PluginValue]] = [:]
            while let output = pendingOutputs, (output[0] as String) < id { pendingOutputs = try outputRows.next() }
            while let output = pendingOutputs, (output[0] as String) == id {
                let step: String = output[1]
                guard let values = ColumnValues.object(output[2] as String?) else { throw problem("step \(step)'s outputs are not a JSON object") }
                outputs[step] = values
                pendingOutputs = try outputRows.next()
            }
            var events: [CaseEvent] = []
            // Events of cases before this one in id order belong to no listed case.
            while let event = pending, (event[0] as String) < id { pending = try eventRows.next() }
            while let event = pending, (event[0] as String) == id {
                let sequence: Int = event[1]
                let kindText: String = event[2]
                guard let kind = CaseEvent.Kind(rawValue: kindText) else { throw problem("event \(sequence) has kind '\(kindText)'") }
                guard let date = ColumnValues.date(event[3]) else { throw problem("event \(sequence) has a date out of range") }
                guard let data = ColumnValues.object(event[7] as String) else { throw problem("event \(sequence) has data that is not a JSON object") }
                events.append(CaseEvent(kind, on: date, step: event[4], occurrence: event[5], actor: event[6], data: data))
                pending = try eventRows.next()
            }
            try body(ReportCase(
                id: id, workflowHash: row[1], state: state, ending: (row[3] as String?).flatMap(CaseEnding.Reason.init(rawValue:)),
                asOf: asOf, nextMoment: ColumnValues.date(row[7]), openedOn: openedOn, fields: fields, outputs: outputs, events: events))
        }
    }
}
