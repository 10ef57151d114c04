import Foundation
import GRDB
import SojournCore
import SojournKit

// Plain structs, one per table, as GRDB's records.

struct WorkflowRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "workflows"
    var hash: String
    var workflow_id: String
    var version: Int?
    var path: String
    var source: String
}

struct CalendarRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "calendars"
    var hash: String
    var country: String
    var data: String
}

struct CaseRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cases"
    var id: String
    var workflow_hash: String
    var calendar_hash: String?
    var state: String
    var label: String
    var opened_on: String
    var as_of: String
    var fields: String
    var people: String
    var progress: String
    var version: Int
    var event_count: Int
    var wake_on: String?
}

struct EventRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "events"
    var id: Int64?
    var case_id: String
    var sequence: Int
    var kind: String
    var on_date: String
    var phase: String?
    var step: String?
    var occurrence: Int?
    var actor: String?
    var data: String
    var recorded_at: String
}

struct AgendaRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "agenda"
    var case_id: String
    var step: String
    var occurrence: Int
    var case_label: String
    var title: String
    var kind: String
    var owner_role: String?
    var owner_person: String?
    var due: String?
    var prompt: String
}

/// JSON for columns that hold structures: sorted keys, so equal values store equally.
enum ColumnJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}

extension CaseRow {
    init(_ stored: StoredCase, eventCount: Int) throws {
        self.init(
            id: stored.id, workflow_hash: stored.workflowHash, calendar_hash: stored.calendarHash,
            state: stored.progress.state.rawValue, label: stored.label, opened_on: stored.openedOn.description,
            as_of: stored.progress.asOf.description, fields: try ColumnJSON.encode(stored.fields),
            people: try ColumnJSON.encode(stored.people), progress: try ColumnJSON.encode(stored.progress),
            version: stored.version, event_count: eventCount, wake_on: stored.wakeOn?.description)
    }

    func stored() throws -> StoredCase {
        guard let opened = CalendarDate(opened_on), let asOf = CalendarDate(as_of) else {
            throw DatabaseError(message: "case \(id) has an invalid date ('\(opened_on)', '\(as_of)')")
        }
        var progress = try ColumnJSON.decode(CaseProgress.self, self.progress)
        // Idle cases move forward by their column alone (see `moveIdleCases`).
        progress.asOf = max(progress.asOf, asOf)
        return StoredCase(
            id: id, workflowHash: workflow_hash, calendarHash: calendar_hash, openedOn: opened,
            fields: try ColumnJSON.decode([String: PluginValue].self, fields),
            people: try ColumnJSON.decode([String: String].self, people),
            progress: progress, version: version, label: label, wakeOn: wake_on.flatMap { CalendarDate($0) })
    }
}

extension EventRow {
    init(caseID: String, sequence: Int, event: CaseEvent, recordedAt: String) throws {
        self.init(
            id: nil, case_id: caseID, sequence: sequence, kind: event.kind.rawValue, on_date: event.date.description,
            phase: event.phase, step: event.step, occurrence: event.occurrence, actor: event.actor,
            data: try ColumnJSON.encode(event.data), recorded_at: recordedAt)
    }

    func stored() throws -> StoredEvent {
        guard let kind = CaseEvent.Kind(rawValue: kind), let date = CalendarDate(on_date) else {
            throw DatabaseError(message: "event \(id ?? 0) of case \(case_id) cannot be read")
        }
        let event = CaseEvent(kind, on: date, phase: phase, step: step, occurrence: occurrence, actor: actor, data: try ColumnJSON.decode([String: PluginValue].self, data))
        return StoredEvent(sequence: sequence, caseID: case_id, event: event, recordedAt: recorded_at)
    }
}

extension AgendaRow {
    init(_ item: AgendaItem) {
        self.init(
            case_id: item.caseID, step: item.step, occurrence: item.occurrence ?? 0, case_label: item.caseLabel, title: item.title,
            kind: item.kind.rawValue, owner_role: item.ownerRole, owner_person: item.ownerPerson, due: item.due?.description, prompt: item.prompt)
    }

    var item: AgendaItem {
        AgendaItem(
            caseID: case_id, caseLabel: case_label, step: step, occurrence: occurrence == 0 ? nil : occurrence, title: title,
            kind: AgendaItem.Kind(rawValue: kind) ?? .waiting, ownerRole: owner_role, ownerPerson: owner_person,
            due: due.flatMap { CalendarDate($0) }, prompt: prompt)
    }
}
