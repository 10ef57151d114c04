import Foundation
import SojournCore
import SojournDemo
import SojournKit
import SojournSQLite
import Testing

/// `sojourn demo`'s twenty cases over two years, event by event, against the history the
/// engine wrote before cases were stored as rows and advanced by their timer index.
@Suite struct DemoHistoryTests {
    @Test func theDemoWritesTheSameHistoryEventByEvent() throws {
        let service = CaseService(
            store: try SQLiteCaseStore(), plugins: TestSupport.plugins, clock: .constant(CalendarDate("2027-01-04")!), ids: .sequential())
        let path = TestSupport.packageRoot.appendingPathComponent("Workflows/international-assignment.yaml").path
        let demo = DemoProgramme(service: service, workflowPath: path, caseCount: 20, months: 24)
        let ids = try demo.open()
        let result = try demo.run(ids: ids) { _ in }
        #expect(result.events == 5_058)
        try GoldenHistory.check(service, ids: ids, name: "demo-20-cases-24-months")
    }
}
