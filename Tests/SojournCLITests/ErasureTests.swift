import Foundation
import GRDB
@testable import SojournSQLite
import Testing

/// `sojourn person erase`: one person's address and names replaced everywhere, their
/// private input removed, no byte of them left in the database file or its log, and
/// `verify` still passing; refused, with nothing changed, when it should not happen.
@Suite(.serialized) struct ErasureTests {
    static let workflow = """
        workflow: visa-erasure
        fields:
          employee: {type: person, required: true}
          departure: {type: date, required: true}
          return: {type: date, required: true}
        roles: [employee, mentor, hr]
        operators: [hr]
        private_readers: [hr]
        phases:
          - id: before
            start: departure - 8w
            steps:
              - id: visa
                uses: visa
                owner: employee
                due: departure - 2w
                with:
                  documents:
                    - {id: passport, name: Passport}
                  valid_until: return + 30d
              - {id: debrief, uses: task, owner: employee, after: []}
        """

    static let zoe = "Zoë Quartermaine <zoe.q@example.com>"
    static let hr = ["--by", "hana@example.com"]

    /// Two cases: Zoë's (her visa recorded, with its private number) and Ana's (whose
    /// debrief note mentions Zoë). Bo Berg mentors both.
    static func database() throws -> (environment: [String: String], zoe: String, ana: String) {
        let path = try CLI.temporaryFile(workflow)
        let environment = try LateAndNonBlockingTests.database()
        func open(_ employee: String) throws -> String {
            try CLI.openCase(["open", path, "--field", "employee=\(employee)", "--field", "departure=2027-03-01", "--field", "return=2028-03-01",
                              "--role", "hr=Hana Ho <hana@example.com>", "--role", "mentor=Bo Berg <bo@example.com>",
                              "--as-of", "2027-01-04", "--json"] + hr, environment: environment)
        }
        let zoeCase = try open(zoe), anaCase = try open("Ana Lima <ana@example.com>")
        for (arguments, by) in [
            ([zoeCase, "visa", "--set", "document=passport", "--set", "expires=2031-05-01", "--set", "number=ZQ77123"], "zoe.q@example.com"),
            ([anaCase, "debrief", "--set", "note=Zoë Quartermaine showed me the visa office"], "ana@example.com"),
        ] {
            let recorded = try CLI.run(["record"] + arguments + ["--as-of", "2027-01-11", "--by", by], environment: environment)
            #expect(recorded.status == 0, "\(recorded.error)")
        }
        return (environment, zoeCase, anaCase)
    }

    /// The database after Zoë's case ended and she was erased.
    static func erased() throws -> (environment: [String: String], zoe: String, ana: String) {
        let (environment, zoeCase, anaCase) = try Self.database()
        let ended = try CLI.run(["end", zoeCase, "--reason", "left-company", "--as-of", "2027-01-20"] + hr, environment: environment)
        #expect(ended.status == 0, "\(ended.error)")
        let erased = try CLI.run(["person", "erase", "zoe.q@example.com", "--reason", "erasure request 2027-02-01"] + hr,
                                 environment: environment.merging(["SOJOURN_TODAY": "2027-02-01"]) { $1 })
        #expect(erased.status == 0, "\(erased.error)")
        return (environment, zoeCase, anaCase)
    }

    @Test func aPersonIsReplacedEverywhereAndNothingOfThemRemains() throws {
        let (environment, zoeCase, anaCase) = try Self.database()
        let ended = try CLI.run(["end", zoeCase, "--reason", "left-company", "--as-of", "2027-01-20"] + Self.hr, environment: environment)
        #expect(ended.status == 0, "\(ended.error)")

        let dry = try CLI.run(["person", "erase", "ZOE.Q@example.com", "--reason", "erasure request 2027-02-01", "--dry-run"] + Self.hr, environment: environment)
        #expect(dry.status == 0, "\(dry.error)")
        let scope = "zoe.q@example.com, known as 'Zoë Quartermaine'\n  2 cases, 4 events rewritten, 12 rows (case_people 1, cases 1, events 4, loads 1, pairings 3, private_inputs 1, steps 1)\n"
        #expect(dry.output == scope + "would erase; nothing changed (--dry-run)\n")

        let result = try CLI.run(["person", "erase", "zoe.q@example.com", "--reason", "erasure request 2027-02-01"] + Self.hr,
                                 environment: environment.merging(["SOJOURN_TODAY": "2027-02-01"]) { $1 })
        #expect(result.status == 0, "\(result.error)")
        let pseudonym = try #require(result.output.firstMatch(of: /now (Erased person ([0-9a-z]{8}) <erased-\2@erased\.invalid>);/)?.output.1)
        #expect(result.output == scope + "erased: now \(pseudonym); the database file was rewritten. Backups made before, and a roster file that still lists them, still hold them.\n")

        // The histories still verify, and say who erased whom and why.
        let verified = try CLI.run(["verify"], environment: environment)
        #expect(verified.status == 0, "\(verified.output)\(verified.error)")
        let history = try CLI.run(["history", zoeCase], environment: environment).output
        let last = try #require(history.split(separator: "\n").last)
        #expect(last.contains("2027-02-01  a person's data erased, now \(pseudonym); events "), "\(last)")
        #expect(last.contains(" rewritten (erasure request 2027-02-01) — Hana Ho <hana@example.com>"), "\(last)")
        #expect(history.contains("visa: input recorded (document: passport, expires: 2031-05-01, number: (private)) — \(pseudonym)"), "\(history)")
        let ana = try CLI.run(["history", anaCase], environment: environment).output
        #expect(ana.contains("note: \(String(pseudonym.prefix(while: { $0 != "<" })).dropLast()) showed me the visa office"), "\(ana)")
        #expect(ana.contains("Ana Lima <ana@example.com>"))
        let status = try CLI.run(["status", zoeCase], environment: environment).output
        #expect(status.hasPrefix("\(zoeCase)  \(pseudonym.prefix(while: { $0 != "<" }).dropLast()) · visa-erasure · ended (left-company)"), "\(status)")

        // Her private input is gone; nothing is found by her address any more.
        let readPrivate = try CLI.run(["private", zoeCase, "visa"] + Self.hr, environment: environment)
        #expect(readPrivate.error == "error: step visa of case \(zoeCase) has no private input recorded; what there was may have been removed when a person was erased (sojourn history \(zoeCase))\n")
        #expect(try CLI.run(["person", "export", "zoe.q@example.com"], environment: environment).error == "nothing is held about zoe.q@example.com\n")

        // No byte of her name, address or document number is left in the file or its log.
        let database = environment["SOJOURN_DB"]!
        for file in [database, database + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            for text in ["Quartermaine", "zoe.q@example.com", "Zoë", "ZQ77123"] {
                #expect(bytes.range(of: Data(text.utf8)) == nil, "\(text) is still in \(file)")
            }
        }
    }

    @Test func refusalsChangeNothing() throws {
        let (environment, zoeCase, _) = try Self.database()
        let before = try CLI.run(["verify"], environment: environment).output
        func erase(_ extra: [String], reason: String = "erasure request") throws -> CLI.Result {
            try CLI.run(["person", "erase", "zoe.q@example.com", "--reason", reason] + extra, environment: environment)
        }
        let blocked = "error: zoe.q@example.com still plays a part in an open case: \(zoeCase) (as employee). End it (sojourn end CASE --reason …) or give the role to someone else (sojourn reassign CASE ROLE --to …), then erase\n"
        #expect(try erase(Self.hr).error == blocked)
        // A dry run shows the scope all the same, and what stops it.
        let dry = try erase(Self.hr + ["--dry-run"])
        #expect(dry.status == 1)
        #expect(dry.output.hasPrefix("zoe.q@example.com, known as 'Zoë Quartermaine'\n  2 cases, "), "\(dry.output)")
        #expect(dry.error == blocked)
        #expect(try CLI.run(["end", zoeCase, "--reason", "left-company", "--as-of", "2027-01-20"] + Self.hr, environment: environment).status == 0)
        let ended = try CLI.run(["verify"], environment: environment).output

        #expect(try erase(Self.hr, reason: "Zoë Quartermaine asked").error == "error: --reason names the person being erased; say why without their name or address (it stays in the history)\n")
        #expect(try erase(Self.hr, reason: " ").error == "error: say why with --reason, for example --reason \"erasure request of 2026-11-30\"; it is kept in each case's history\n")
        #expect(try erase(["--by", "bo@example.com"]).error
                == "error: bo@example.com may not erase a person: only an operator may (someone who holds a role the workflows name in operators:, such as hr, in a case)\n")
        #expect(try CLI.run(["person", "erase", "nobody@example.com", "--reason", "x"] + Self.hr, environment: environment).error
                == "error: nothing is held about nobody@example.com; check the address with sojourn person export\n")
        #expect(try CLI.run(["person", "erase", "Zoë", "--reason", "x"] + Self.hr, environment: environment).error
                == "error: 'Zoë' is not an e-mail address; a person is erased by their address\n")
        #expect(try CLI.run(["verify"], environment: environment).output == ended)
        #expect(ended != before)
        #expect(try CLI.run(["person", "export", "zoe.q@example.com"], environment: environment).output.contains("Quartermaine"))
    }

    /// Rewrites one event as an erasure would, but with no erasure naming it: what
    /// someone with the file and the hash scheme could do to change an event unseen.
    static func forgeErasure(_ environment: [String: String], caseID: String, sequence: Int) throws {
        let queue = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_are_append_only_update")
            let row = try #require(try Row.fetchOne(db, sql: """
                SELECT e.kind, e.on_date, e.phase, e.step, e.occurrence, e.actor, e.data, e.recorded_at, p.data, e.salt
                FROM events e LEFT JOIN private_inputs p USING (case_id, sequence) WHERE e.case_id = ? AND e.sequence = ?
                """, arguments: [caseID, sequence]))
            let content = JournalLink.Content(caseID: caseID, sequence: sequence, kind: row[0], onDate: row[1], phase: row[2], step: row[3], occurrence: row[4],
                                              actor: row[5], data: row[6], recordedAt: row[7], privateInput: row[8])
            try db.execute(sql: "UPDATE events SET salt = NULL, commitment = ?, actor = 'Mallory <m@example.com>' WHERE case_id = ? AND sequence = ?",
                           arguments: [JournalLink.commitment(content, salt: row[9]), caseID, sequence])
        }
        try queue.close()
    }

    @Test func editsAfterAnErasureAreStillFound() throws {
        // An erased event's frame is still checked.
        var (environment, zoeCase, anaCase) = try Self.erased()
        try JournalTests.tamper(environment, "UPDATE events SET on_date = on_date + 1 WHERE case_id = '\(zoeCase)' AND sequence = 1")
        var result = try CLI.run(["verify"], environment: environment)
        #expect(result.error == "error: case \(zoeCase), event 1: event 1 does not match its link: it was changed, moved or inserted after it was written\n")

        // A commitment kept in place of a salt counts only for an event an erasure names.
        (environment, zoeCase, anaCase) = try Self.erased()
        try Self.forgeErasure(environment, caseID: anaCase, sequence: 2)
        result = try CLI.run(["verify"], environment: environment)
        #expect(result.error == "error: case \(anaCase), event 2: event 2 was rewritten as erased, but no erasure in the history names it\n")

        // A salt removed without a commitment leaves an event nobody can check.
        (environment, zoeCase, anaCase) = try Self.erased()
        try JournalTests.tamper(environment, "UPDATE events SET salt = NULL WHERE case_id = '\(anaCase)' AND sequence = 3")
        result = try CLI.run(["verify"], environment: environment)
        #expect(result.error == "error: case \(anaCase), event 3: event 3 has lost its salt, so what it says cannot be checked\n")

        // Removing the erasure itself leaves what it rewrote unaccounted for.
        (environment, zoeCase, anaCase) = try Self.erased()
        let events = try JournalTests.eventCount(environment)
        let last = try JournalTests.lastSequence(environment, zoeCase)
        try JournalTests.tamper(environment, "DELETE FROM events WHERE case_id = '\(zoeCase)' AND sequence = \(last)")
        result = try CLI.run(["verify"], environment: environment)
        #expect(result.error == """
            error: case \(zoeCase), event 1: event 1 was rewritten as erased, but no erasure in the history names it
            error: journal: the journal records \(events) events and the database holds \(events - 1): events were added or removed outside sojourn

            """)
    }
}

extension ErasureTests {
    /// Someone else with the same name keeps it: in their own case, under their own
    /// address, the name is theirs.
    @Test func aNamesakeKeepsTheirName() throws {
        let path = try CLI.temporaryFile(Self.workflow)
        let environment = try LateAndNonBlockingTests.database()
        var ids: [String] = []
        for employee in [Self.zoe, "Zoë Quartermaine <zq.other@example.com>"] {
            ids.append(try CLI.openCase(["open", path, "--field", "employee=\(employee)", "--field", "departure=2027-03-01", "--field", "return=2028-03-01",
                                         "--role", "hr=Hana Ho <hana@example.com>", "--as-of", "2027-01-04", "--json"] + Self.hr, environment: environment))
        }
        #expect(try CLI.run(["end", ids[0], "--reason", "left-company", "--as-of", "2027-01-20"] + Self.hr, environment: environment).status == 0)
        let result = try CLI.run(["person", "erase", "zoe.q@example.com", "--reason", "erasure request"] + Self.hr, environment: environment)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("""
            zoe.q@example.com, known as 'Zoë Quartermaine'
              'Zoë Quartermaine' is also the name of zq.other@example.com: replaced only in the cases that hold zoe.q@example.com

            """), "\(result.output)")
        let other = try CLI.run(["status", ids[1]], environment: environment).output
        #expect(other.hasPrefix("\(ids[1])  Zoë Quartermaine · visa-erasure · open"), "\(other)")
        #expect(other.contains("employee Zoë Quartermaine <zq.other@example.com>"), "\(other)")
        #expect(!(try CLI.run(["status", ids[0]], environment: environment).output.contains("Quartermaine")))
        #expect(try CLI.run(["verify"], environment: environment).status == 0)
    }
}

extension ErasureTests {
    /// Any operator may erase, whichever cases they run: the person's cases may each
    /// have had another HR, and they may have been HR themselves.
    @Test func anOperatorOfOtherCasesErasesAFormerOperator() throws {
        let path = try CLI.temporaryFile(Self.workflow)
        let environment = try LateAndNonBlockingTests.database()
        let old = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "departure=2027-03-01", "--field", "return=2028-03-01",
                                    "--role", "hr=Hana Ho <hana@example.com>", "--as-of", "2027-01-04", "--json"] + Self.hr, environment: environment)
        _ = try CLI.openCase(["open", path, "--field", "employee=Bo Berg <bo@example.com>", "--field", "departure=2027-03-01", "--field", "return=2028-03-01",
                              "--role", "hr=Ivo Ivić <ivo@example.com>", "--as-of", "2027-01-04", "--json", "--by", "ivo@example.com"], environment: environment)
        #expect(try CLI.run(["end", old, "--reason", "left-company", "--as-of", "2027-01-20"] + Self.hr, environment: environment).status == 0)
        #expect(try CLI.run(["person", "erase", "hana@example.com", "--reason", "erasure request"] + Self.hr, environment: environment).error
                == "error: hana@example.com cannot erase themselves; another operator must\n")
        let erased = try CLI.run(["person", "erase", "hana@example.com", "--reason", "erasure request", "--by", "ivo@example.com"], environment: environment)
        #expect(erased.status == 0, "\(erased.error)")
        let last = try #require(try CLI.run(["history", old], environment: environment).output.split(separator: "\n").last)
        #expect(last.contains("(erasure request) — Ivo Ivić <ivo@example.com>"), "\(last)")
        #expect(try CLI.run(["verify"], environment: environment).status == 0)
    }
}
