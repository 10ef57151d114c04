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
        #expect(result.events == 4_951)
        try GoldenHistory.check(service, ids: ids, name: "demo-20-cases-24-months")
    }
}
