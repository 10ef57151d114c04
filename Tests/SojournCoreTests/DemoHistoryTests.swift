import Foundation
import SojournCore
import SojournDemo
import SojournKit
import SojournSQLite
import Testing

/// `sojourn demo`'s twenty cases over two years, event by event, against a recorded
/// history: first written by the engine before cases were stored as rows (the rows and
/// the timer index had to give exactly the same), and recorded again when a cadence's
/// second segment started counting from the last session before it.
@Suite struct DemoHistoryTests {
    @Test func theDemoWritesTheSameHistoryEventByEvent() throws {
        let service = CaseService(
            store: try SQLiteCaseStore(), plugins: TestSupport.plugins, clock: .constant(CalendarDate("2027-01-04")!), ids: .sequential())
        let path = TestSupport.packageRoot.appendingPathComponent("Workflows/international-assignment.yaml").path
        let demo = DemoProgramme(service: service, workflowPath: path, caseCount: 20, months: 24)
        let ids = try demo.open()
        let result = try demo.run(ids: ids) { _ in }
        #expect(result.events == 4_808)
        try GoldenHistory.check(service, ids: ids, name: "demo-20-cases-24-months")

        // What HR entered: an extension, a mentor replaced, a leaver while abroad.
        let ana = try service.history(ids[0]).map(\.event)
        #expect(ana.contains { $0.kind == .caseAmended && $0.date == CalendarDate("2027-05-03") && $0.data["after"]?.object?["return"] == .date(CalendarDate("2027-12-01")!) })
        let ben = try service.view(ids[1])
        #expect(ben.stored.people["mentor"] == "Dag Dahl <dag.dahl@example.com>")
        let carla = try service.view(ids[2])
        #expect((carla.stored.progress.state, carla.stored.progress.ending) == (.ended, .leftCompany))
        #expect(try service.history(ids[2]).last?.event.date == CalendarDate("2027-08-02"))

        // Figures that can only fall do not rise: retention at twelve months is not above
        // retention at six, and every case that ended early is counted by its reason.
        let figures = try #require(try service.report().programmes.first).figures
        for group in [figures.outcomes.participants, figures.outcomes.nonParticipants] {
            let shown = group.horizons.compactMap(\.retained)
            #expect(zip(shown, shown.dropFirst()).allSatisfy { $0 >= $1 }, "\(shown)")
        }
        #expect(figures.cases.endedBy == [.init(name: "left-company", count: 3)])
        #expect(figures.cases.total == figures.cases.open + figures.cases.completed + figures.cases.cancelled + figures.cases.ended)
    }
}
