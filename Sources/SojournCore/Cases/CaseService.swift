import Foundation
public import SojournKit

/// What the `sojourn` commands do with cases: open them, advance them, record what
/// people did, and read them back. Each change to a case is one transaction of the
/// store: its new state, its events and its agenda together.
public struct CaseService: Sendable {
    public let store: any CaseStore
    public let plugins: PluginRegistry
    public let catalog: WorkflowCatalog
    public let clock: Clock
    public let ids: CaseIDs

    public init(store: any CaseStore, plugins: PluginRegistry, clock: Clock = .live, ids: CaseIDs = .random) {
        self.store = store
        self.plugins = plugins
        self.catalog = WorkflowCatalog(plugins: plugins)
        self.clock = clock
        self.ids = ids
    }

    // MARK: - Opening cases

    /// A validated workflow file, ready to open cases of.
    public struct Opening: Sendable {
        public let workflow: Workflow
        public let pinned: PinnedWorkflow
        public let calendars: CalendarLibrary
    }

    /// What HR gives for one new case.
    public struct NewCase: Sendable {
        /// Field values as text, by field name.
        public var fields: [String: String]
        /// People by role (`mentor` → `Ana Lima <ana@example.com>`).
        public var people: [String: String]

        public init(fields: [String: String], people: [String: String] = [:]) {
            self.fields = fields
            self.people = people
        }
    }

    /// A new case, checked and ready to store.
    public struct CheckedCase: Sendable {
        public var fields: [String: PluginValue]
        public var people: [String: String]
        public var calendar: PinnedCalendar?
        /// Things worth knowing that do not stop the case (no holiday calendar).
        public var warnings: [String]
    }

    /// Reads and validates the workflow at `path`.
    ///
    /// - Throws: `ServiceError` with the workflow's diagnostics when it is invalid.
    public func opening(workflowAt path: String, calendars: CalendarLibrary? = nil) throws(ServiceError) -> Opening {
        let library = calendars ?? CalendarLibrary(besideWorkflowAt: path)
        let result = WorkflowLoader(plugins: plugins).load(path: path, calendars: library)
        guard let workflow = result.workflow, let source = result.source else {
            throw ServiceError("\(path) has errors; fix them first (sojourn validate \(path) lists them)", diagnostics: result.diagnostics, sources: result.source.map { [$0] } ?? [])
        }
        let pinned = PinnedWorkflow(hash: WorkflowCatalog.hash(source.text), workflowID: workflow.id.value, version: workflow.version, path: path, source: source.text)
        return Opening(workflow: workflow, pinned: pinned, calendars: library)
    }

    /// Checks one new case: every field against its type, every person against the
    /// workflow's roles, and that every date of its plan can be worked out.
    ///
    /// - Returns: the checked case, or every problem found (one line each).
    /// - Parameter verifyPlan: whether to work out the case's plan to be sure every date
    ///   can be computed (skip it only for values already checked on the same date).
    public func check(_ new: NewCase, for opening: Opening, on date: CalendarDate, verifyPlan: Bool = true) -> Result<CheckedCase, CaseProblems> {
        let workflow = opening.workflow
        var problems: [String] = []
        var values: [String: Value] = [:]
        do {
            values = try FieldValues.check(new.fields, for: workflow)
        } catch {
            problems += error.problems.map(\.message)
        }
        var people: [String: String] = [:]
        let roles = workflow.roles.map(\.value)
        for (role, person) in new.people.sorted(by: { $0.key < $1.key }) {
            guard roles.contains(role) else {
                problems.append("unknown role '\(role)'\(Suggestions.didYouMean(role, among: roles)); the roles are \(Suggestions.list(roles, conjunction: "and"))")
                continue
            }
            switch Person.parse(person) {
            case .success(let parsed): people[role] = parsed.description
            case .failure(let error): problems.append("role '\(role)': \(error.message)")
            }
        }
        guard problems.isEmpty else { return .failure(CaseProblems(messages: problems)) }
        // A role with a person field of the same name (employee, manager) is that person.
        for role in roles where people[role] == nil {
            if let field = workflow.field(role), field.type == .person, case .text(let person)? = values[role] {
                people[role] = person
            }
        }

        var warnings: [String] = []
        var calendar: PinnedCalendar?
        if let choice = workflow.calendar {
            let code = workflow.field(choice.value) != nil ? values[choice.value].flatMap { if case .text(let t) = $0 { t } else { nil } } : choice.value
            if let code {
                do {
                    if let found = try opening.calendars.calendar(for: code) {
                        calendar = Self.pin(found, country: code)
                    } else {
                        warnings.append("there is no holiday calendar for \(code) in \(opening.calendars.directory); business days skip weekends only")
                    }
                } catch {
                    return .failure(CaseProblems(messages: error.diagnostics.map(\.description)))
                }
            }
        }
        // Every date must be computable: a plan of the case would fail otherwise.
        if verifyPlan {
            do {
                _ = try Planner(workflow: workflow, calendars: opening.calendars).plan(fields: values, opened: date)
            } catch {
                return .failure(CaseProblems(messages: [error.diagnostic.description]))
            }
        }
        return .success(CheckedCase(fields: values.mapValues(PluginValue.init), people: people, calendar: calendar, warnings: warnings))
    }

    /// Opens checked cases on `date`, in one transaction: all of them or none.
    ///
    /// - Returns: the new cases' ids, in order.
    public func open(_ cases: [CheckedCase], with opening: Opening, on date: CalendarDate, by actor: String) throws -> [String] {
        let recordedAt = clock.now()
        return try store.write { writer in
            try writer.pin(opening.pinned)
            var opened: [String] = []
            for checked in cases {
                if let calendar = checked.calendar { try writer.pin(calendar) }
                var id = ids.next()
                var attempts = 0
                while try writer.caseExists(id) {
                    attempts += 1
                    guard attempts < 100 else { throw ServiceError("could not find a free case id") }
                    id = ids.next()
                }
                var engine = CaseEngine(
                    caseID: id, workflow: opening.workflow, fields: checked.fields, people: checked.people,
                    businessCalendar: checked.calendar?.businessCalendar ?? .weekendsOnly,
                    progress: CaseEngine.newProgress(for: opening.workflow, openedOn: date))
                engine.roster = StoreRoster(reader: writer)
                try engine.open(by: actor)
                let stored = StoredCase(
                    id: id, workflowHash: opening.pinned.hash, calendarHash: checked.calendar?.hash, openedOn: date,
                    fields: checked.fields, people: checked.people, progress: engine.progress, version: 1,
                    label: Self.label(checked.fields, workflow: opening.workflow, id: id), wakeOn: try engine.nextWakeDate())
                var withPeople = stored
                withPeople.people = engine.people
                try writer.insert(withPeople, events: engine.events, agenda: Agenda.items(of: withPeople, workflow: opening.workflow), recordedAt: recordedAt)
                // Roles given when opening are pairings too.
                for (role, person) in checked.people.sorted(by: { $0.key < $1.key }) {
                    try writer.startPairing(caseID: id, role: role, email: SideEffects.email(of: person), employee: SideEffects.employeeKey(checked.fields, workflow: opening.workflow) ?? id, on: date)
                }
                try SideEffects.apply(engine.events, of: withPeople, workflow: opening.workflow, in: writer, recordedAt: recordedAt)
                opened.append(id)
            }
            return opened
        }
    }

    static func pin(_ calendar: BusinessCalendar, country: String) -> PinnedCalendar {
        let holidays = calendar.holidays.sorted()
        let years = calendar.years ?? 0...0
        let text = "\(country) \(years.lowerBound)-\(years.upperBound) " + holidays.map(String.init).joined(separator: ",")
        return PinnedCalendar(hash: WorkflowCatalog.hash(text), country: country, firstYear: years.lowerBound, lastYear: years.upperBound, holidays: holidays)
    }

    /// Who a case is about: the name in its first person field, else its id.
    static func label(_ fields: [String: PluginValue], workflow: Workflow, id: String) -> String {
        for field in workflow.fields where field.type == .person {
            if case .text(let text)? = fields[field.name.value], case .success(let person) = Person.parse(text) {
                return person.name
            }
        }
        return id
    }

    // MARK: - Loading a case for a change

    /// Loads a case, runs `change` on its engine, and stores the result, all in one
    /// transaction. Nothing is written when `change` throws or changes nothing.
    @discardableResult
    func change(_ caseID: String, in writer: any CaseStoreWriter, recordedAt: String, _ body: (inout CaseEngine) throws -> Void) throws -> [CaseEvent] {
        guard let stored = try writer.loadCase(caseID) else { throw ServiceError(Self.noSuchCase(caseID, writer: writer)) }
        var engine = try engine(for: stored, reader: writer)
        engine.roster = StoreRoster(reader: writer)
        try body(&engine)
        guard !engine.events.isEmpty || engine.progress != stored.progress || engine.people != stored.people else { return [] }
        var updated = stored
        updated.progress = engine.progress
        updated.people = engine.people
        updated.version = stored.version + 1
        updated.wakeOn = try engine.nextWakeDate()
        let workflow = engine.workflow
        try writer.update(updated, expectedVersion: stored.version, events: engine.events, agenda: Agenda.items(of: updated, workflow: workflow), recordedAt: recordedAt)
        try SideEffects.apply(engine.events, of: updated, workflow: workflow, in: writer, recordedAt: recordedAt)
        return engine.events
    }

    func engine(for stored: StoredCase, reader: any CaseStoreReader) throws -> CaseEngine {
        guard let workflow = try catalog.workflow(hash: stored.workflowHash, reading: { try reader.pinnedWorkflow(hash: stored.workflowHash) }) else {
            throw ServiceError("case \(stored.id) refers to a workflow the database does not have (\(stored.workflowHash.prefix(12)))")
        }
        var calendar = BusinessCalendar.weekendsOnly
        if let hash = stored.calendarHash {
            guard let pinned = try catalog.calendar(hash: hash, reading: { try reader.pinnedCalendar(hash: hash) }) else {
                throw ServiceError("case \(stored.id) refers to a holiday calendar the database does not have")
            }
            calendar = pinned
        }
        return CaseEngine(caseID: stored.id, workflow: workflow, fields: stored.fields, people: stored.people, businessCalendar: calendar, progress: stored.progress)
    }

    static func noSuchCase(_ id: String, writer: any CaseStoreReader) -> String {
        "there is no case '\(id)'; 'sojourn list' shows the cases"
    }
}

/// Problems with a new case's values, one message each.
public struct CaseProblems: Error, Sendable {
    public var messages: [String]
}

/// A problem with a command on cases: what went wrong and what to do.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Positioned problems (an invalid workflow, refused input from a file).
    public var diagnostics: [Diagnostic]
    /// The files the diagnostics quote.
    public var sources: [SourceFile]

    public init(_ message: String, diagnostics: [Diagnostic] = [], sources: [SourceFile] = []) {
        self.message = message
        self.diagnostics = diagnostics
        self.sources = sources
    }

    public var description: String { message }
}
