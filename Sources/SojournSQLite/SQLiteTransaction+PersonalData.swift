import Foundation
import GRDB
import SojournCore
import SojournKit

// MARK: - Everything about one person

extension SQLiteTransaction {
    func personalData(email: String) throws -> PersonalData {
        let address = email.lowercased()
        // LIKE finds candidate rows (case-insensitive for ASCII); each is then checked.
        let pattern = "%" + address.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        // A text names them when one of its addresses is theirs, exactly: ana@… is not
        // hana@…, and a text holds addresses between characters no address has.
        func names(_ text: String?) -> Bool {
            guard let text, text.lowercased().contains(address) else { return false }
            let separators = Set<Character>(" \t\n\r<>,;:\"'()[]{}\\")
            return text.lowercased().split(whereSeparator: { separators.contains($0) }).contains { $0 == address }
        }

        let roster = try self.roster().first { $0.email.lowercased() == address }
        // Found as an erasure would find them: by address, and by the names they are known by.
        let plan = try erasurePlan(email: address)

        var roles: [String: [String]] = [:]
        for row in try Row.fetchAll(try statement("SELECT case_id, role FROM case_people WHERE email = ? ORDER BY case_id, role"), arguments: [address]) {
            roles[row[0], default: []].append(row[1])
        }
        var fieldCases: [String: (label: String, fields: [String: PluginValue])] = [:]
        for row in try Row.fetchAll(try statement(#"SELECT id, label, fields FROM cases WHERE fields LIKE ? ESCAPE '\'"#), arguments: [pattern]) {
            let fields = (ColumnValues.object(row[2] as String) ?? [:]).filter { names($0.value.displayText) }
            if !fields.isEmpty { fieldCases[row[0]] = (row[1], fields) }
        }
        let caseIDs = Set(roles.keys).union(fieldCases.keys).union(plan.cases)
        var labels: [String: String] = [:]
        for id in caseIDs where fieldCases[id] == nil {
            labels[id] = try String.fetchOne(try statement("SELECT label FROM cases WHERE id = ?"), arguments: [id])
        }
        let cases = caseIDs.sorted().map { id in
            PersonalData.CaseEntry(id: id, label: fieldCases[id]?.label ?? labels[id] ?? id, roles: roles[id] ?? [], fields: fieldCases[id]?.fields ?? [:])
        }

        // Events that name them, in any case (an actor in a case they are no longer in, a
        // note that names them): the events an erasure would rewrite.
        var events: [StoredEvent] = []
        var privateInputs: [(event: StoredEvent, input: [String: PluginValue])] = []
        let given = Set(plan.privateInputsRemoved)
        for caseID in Set(plan.events.map(\.caseID)).sorted() {
            let all = try self.events(of: caseID)
            let wanted = Set(plan.events.filter { $0.caseID == caseID }.map(\.sequence))
            events += all.filter { wanted.contains($0.sequence) }
            // Their private input: what they gave, or an operator gave for them (not what
            // they, as an operator, recorded for someone else).
            for row in try Row.fetchAll(try statement("SELECT sequence, data FROM private_inputs WHERE case_id = ? ORDER BY sequence"), arguments: [caseID]) {
                let sequence: Int = row[0]
                guard given.contains(EventKey(caseID: caseID, sequence: sequence)), let event = all.first(where: { $0.sequence == sequence }),
                      let input = ColumnValues.object(row[1] as String) else { continue }
                privateInputs.append((event, input))
            }
        }

        let outbox = try self.outbox(unsentOnly: false).filter { entry in entry.to.contains { names($0) } }
        let pairings = try Row.fetchAll(try statement("SELECT case_id, role, email, employee, started_on, ended_on FROM pairings WHERE email = ? OR employee = ? ORDER BY id"),
                                        arguments: [address, address]).map { row in
            PersonalData.Pairing(caseID: row[0], role: row[1], person: row[2], employee: row[3],
                                 started: ColumnValues.date(row[4] as Int?), ended: ColumnValues.date(row[5] as Int?))
        }
        return PersonalData(email: email, roster: roster, cases: cases, events: events, privateInputs: privateInputs, outbox: outbox, pairings: pairings)
    }
}
