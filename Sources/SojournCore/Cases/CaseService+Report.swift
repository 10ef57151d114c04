public import SojournKit

extension CaseService {
    /// The programme figures over every case, or the cases of one workflow id; cases are
    /// read a page at a time so memory does not grow with their number.
    public func report(workflow: String? = nil) throws -> ProgrammeReport {
        var report = ProgrammeReport()
        var after: String?
        while true {
            let (ids, page): ([String], [(StoredCase, Workflow)]) = try store.read { reader in
                let ids = try reader.allCaseIDs(after: after, limit: 500)
                return (ids, try ids.compactMap { id in
                    guard let stored = try reader.loadCase(id), let pinned = try reader.pinnedWorkflow(hash: stored.workflowHash) else { return nil }
                    return (stored, try catalog.workflow(pinned))
                })
            }
            guard let last = ids.last else { break }
            for (stored, flow) in page where workflow == nil || flow.id.value == workflow { report.add(stored, workflow: flow) }
            after = last
        }
        return report
    }
}
