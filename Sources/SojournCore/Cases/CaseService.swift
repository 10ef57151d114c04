import Foundation
public import SojournKit
import SojournLanguage

/// What the `sojourn` commands do with cases: open them, advance them, record what
/// people did, and read them back. Each change to a case is one transaction of the
/// store (or one savepoint of a bulk advance's transaction): the rows it changed and its
/// events together.
public struct CaseService: Sendable {
    public let store: any CaseStore
    public let plugins: PluginRegistry
    public let catalog: WorkflowCatalog
    public let clock: Clock
    public let ids: CaseIDs
    /// Whether actors are checked against the case (`Permissions`).
    public let access: Access

    /// How a service treats the actors it is given.
    public enum Access: Sendable {
        /// Every actor must be someone the case or the roster knows, with the right to
        /// act (`Permissions`): what the `sojourn` command uses.
        case checked
        /// Actors are recorded as given: for a program that embeds the engine and answers
        /// for its callers (the demo, the benchmarks, tests of the engine itself).
        case trusted
    }

    public init(store: any CaseStore, plugins: PluginRegistry, clock: Clock = .live, ids: CaseIDs = .random, access: Access = .trusted) {
        self.store = store
        self.plugins = plugins
        self.catalog = WorkflowCatalog(plugins: plugins)
        self.clock = clock
        self.ids = ids
        self.access = access
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
        /// HR's own reference for the case, if it has one (an import's key column).
        public var reference: String?

        public init(fields: [String: String], people: [String: String] = [:], reference: String? = nil) {
            self.fields = fields
            self.people = people
            self.reference = reference
        }
    }

    /// A new case, checked and ready to store.
    public struct CheckedCase: Sendable {
        public var fields: [String: PluginValue]
        public var people: [String: String]
        public var calendar: PinnedCalendar?
        /// The calendars its phases and steps name for themselves, by what they name.
        public var calendars: [String: PinnedCalendar] = [:]
        /// What identifies it: HR's reference, else the workflow, employee and first date.
        public var key: CaseKey?
        /// Things worth knowing that do not stop the case (no holiday calendar).
        public var warnings: [String]
    }

    /// A case `open` was asked to open.
    public struct OpenedCase: Sendable, Hashable {
        public var id: String
        /// `false` when a case with the same key was already there (`existing` is it),
        /// and nothing was opened.
        public var isNew: Bool
        public var key: CaseKey?
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
        let pinned = PinnedWorkflow(
            hash: WorkflowCatalog.hash(source.text), workflowID: workflow.id.value, version: workflow.version, path: path, source: source.text,
            steps: workflow.steps.map { .init(id: $0.id.value, uses: $0.uses.value, owner: $0.owner?.value, title: $0.displayTitle) })
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

        let warnings: [String] = []
        // Every calendar the workflow names must be there: a business day counted without
        // a country's holidays would be silently wrong. `calendar: weekends` says so on purpose.
        var pinned: [String: PinnedCalendar] = [:]
        for choice in workflow.calendarChoices where choice.value != "weekends" {
            let isField = workflow.field(choice.value) != nil
            guard let code = isField ? values[choice.value].flatMap({ if case .text(let t) = $0 { t } else { nil } }) : choice.value else {
                problems.append("field '\(choice.value)' chooses a holiday calendar and has no value; give it with --field \(choice.value)=CODE")
                continue
            }
            do {
                guard let found = try opening.calendars.calendar(for: code) else {
                    problems.append(opening.calendars.missing(code, field: isField ? choice.value : nil))
                    continue
                }
                pinned[choice.value] = Self.pin(found, country: code)
            } catch {
                problems += error.diagnostics.map(\.messageWithPlace)
            }
        }
        guard problems.isEmpty else { return .failure(CaseProblems(messages: problems)) }
        let calendar = workflow.calendar.flatMap { pinned[$0.value] }
        let own = pinned.filter { $0.key != workflow.calendar?.value }
        // Every date must be computable: a plan of the case would fail otherwise.
        if verifyPlan {
            do {
                _ = try Planner(workflow: workflow, calendars: opening.calendars).plan(fields: values, opened: date)
            } catch {
                return .failure(CaseProblems(messages: ["this case cannot be planned: \(error.diagnostic.messageWithPlace)"]))
            }
        }
        let fields = values.mapValues(PluginValue.init)
        let key = new.reference.map { CaseKey.external($0) } ?? Self.naturalKey(fields, workflow: workflow)
        return .success(CheckedCase(fields: fields, people: people, calendar: calendar, calendars: own, key: key, warnings: warnings))
    }

    /// The key that identifies a case without HR's reference: the workflow's id, the
    /// employee (the e-mail in the first person field) and the first date field
    /// (departure, say). `nil` unless the workflow has both kinds of field and the case
    /// gives both.
    public static func naturalKey(_ fields: [String: PluginValue], workflow: Workflow) -> CaseKey? {
        guard let person = workflow.fields.first(where: { $0.type == .person }).flatMap({ fields[$0.name.value]?.text }),
              let dateField = workflow.fields.first(where: { $0.type == .date }),
              case .date(let date)? = fields[dateField.name.value] else { return nil }
        return .natural("\(workflow.id.value) \((PersonText.email(person) ?? person).lowercased()) \(dateField.name.value) \(date)")
    }

    /// Opens checked cases on `date`, in one transaction: all of them or none. A case
    /// whose key is already there (an import run again) is not opened twice: its entry
    /// says so and names the case that has it.
    ///
    /// - Returns: one entry per case given, in order.
    public func open(_ cases: [CheckedCase], with opening: Opening, on date: CalendarDate, by actor: String) throws -> [OpenedCase] {
        try Self.checkLines(actor: actor, note: nil)
        let recordedAt = clock.now()
        return try store.write { writer in
            try writer.pin(opening.pinned)
            var opened: [OpenedCase] = []
            let roster = access == .checked ? try writer.roster() : []
            for checked in cases {
                // The opener runs the case: one of its operators, or someone it or the
                // roster knows when the workflow names none.
                var actor = actor
                if access == .checked {
                    actor = try Permissions(workflow: opening.workflow, people: checked.people, fields: checked.fields, roster: roster, caseID: nil)
                        .authorize(Acting(actor), for: .operate("open a case of \(opening.workflow.id.value)")).actor
                }
                if let key = checked.key, let existing = try writer.caseID(withKey: key) {
                    opened.append(OpenedCase(id: existing, isNew: false, key: key))
                    continue
                }
                if let calendar = checked.calendar { try writer.pin(calendar) }
                for calendar in checked.calendars.values.sorted(by: { $0.hash < $1.hash }) { try writer.pin(calendar) }
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
                engine.calendars = checked.calendars.mapValues(\.businessCalendar)
                try engine.open(by: actor)
                try engine.stampNextMoments()
                var stored = StoredCase(
                    id: id, workflowHash: opening.pinned.hash, calendarHash: checked.calendar?.hash, openedOn: date,
                    fields: checked.fields, people: engine.people, progress: engine.progress, version: 1,
                    label: Self.label(checked.fields, workflow: opening.workflow, id: id), key: checked.key)
                stored.calendarHashes = checked.calendars.mapValues(\.hash)
                try writer.insert(stored, events: engine.events, recordedAt: recordedAt)
                // Roles given when opening are pairings too.
                for (role, person) in checked.people.sorted(by: { $0.key < $1.key }) {
                    try writer.startPairing(caseID: id, role: role, email: SideEffects.email(of: person), employee: SideEffects.employeeKey(checked.fields, workflow: opening.workflow) ?? id, on: date)
                }
                try SideEffects.apply(engine.events, of: stored, before: nil, workflow: opening.workflow, in: writer, recordedAt: recordedAt)
                opened.append(OpenedCase(id: id, isNew: true, key: checked.key))
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

    /// A case as the engine should see it: stored, at its effective date (see
    /// `effectiveDate`), or `nil` when there is none.
    func load(_ caseID: String, from reader: any CaseStoreReader, advancedTo: CalendarDate?) throws -> StoredCase? {
        guard var stored = try reader.loadCase(caseID) else { return nil }
        stored.progress.asOf = Self.effectiveDate(of: stored, advancedTo: advancedTo)
        return stored
    }

    /// The date a case has reached. A bulk advance (`advance --all`) does not write the
    /// cases it finds nothing to do for: it records the date once for the whole database,
    /// and each open case counts as advanced to it, or to the day before its next
    /// moment if that comes first (a case a bulk advance could not advance, or one opened
    /// afterwards on an earlier date, has not been brought past what it still has to do).
    public static func effectiveDate(of stored: StoredCase, advancedTo: CalendarDate?) -> CalendarDate {
        effectiveDate(asOf: stored.progress.asOf, open: stored.progress.state == .open, nextMoment: stored.nextMoment, advancedTo: advancedTo)
    }

    /// The same, from a case's stored date, whether it is open, and its next moment.
    public static func effectiveDate(asOf: CalendarDate, open: Bool, nextMoment: CalendarDate?, advancedTo: CalendarDate?) -> CalendarDate {
        guard open, let advancedTo else { return asOf }
        let reached = nextMoment.map { min(advancedTo, $0.adding(days: -1)) } ?? advancedTo
        return max(asOf, reached)
    }

    /// Loads a case, runs `change` on its engine, and stores what changed, within the
    /// caller's transaction. Nothing is written when `change` throws or changes nothing.
    @discardableResult
    func change(_ caseID: String, in writer: any CaseStoreWriter, recordedAt: Timestamp, advancedTo: CalendarDate?, _ body: (inout CaseEngine) throws -> Void) throws -> [CaseEvent] {
        guard let stored = try load(caseID, from: writer, advancedTo: advancedTo) else { throw ServiceError(Self.noSuchCase(caseID, writer: writer)) }
        return try change(stored, in: writer, recordedAt: recordedAt, body)
    }

    /// The same, for a case already loaded in this transaction.
    func change(_ stored: StoredCase, in writer: any CaseStoreWriter, recordedAt: Timestamp, _ body: (inout CaseEngine) throws -> Void) throws -> [CaseEvent] {
        var engine = try engine(for: stored, reader: writer)
        engine.roster = StoreRoster(reader: writer)
        try body(&engine)
        try engine.stampNextMoments()
        engine.events += PairingLife.endings(from: stored.progress, to: engine.progress, workflow: engine.workflow, people: engine.people)
        var updated = stored
        updated.progress = engine.progress
        updated.people = engine.people
        updated.fields = engine.fields
        updated.failure = nil
        guard !engine.events.isEmpty || updated != stored else { return [] }
        try writer.update(CaseChange(from: stored, to: updated, events: engine.events), recordedAt: recordedAt)
        try SideEffects.apply(engine.events, of: updated, before: stored, workflow: engine.workflow, in: writer, recordedAt: recordedAt)
        return engine.events
    }

    func engine(for stored: StoredCase, reader: any CaseStoreReader) throws -> CaseEngine {
        let workflow = try self.workflow(of: stored, reader: reader)
        var calendar = BusinessCalendar.weekendsOnly
        if let hash = stored.calendarHash {
            guard let pinned = try catalog.calendar(hash: hash, reading: { try reader.pinnedCalendar(hash: hash) }) else {
                throw ServiceError("case \(stored.id) refers to a holiday calendar the database does not have")
            }
            calendar = pinned
        }
        var engine = CaseEngine(caseID: stored.id, workflow: workflow, fields: stored.fields, people: stored.people, businessCalendar: calendar, progress: stored.progress)
        for (choice, hash) in stored.calendarHashes {
            guard let pinned = try catalog.calendar(hash: hash, reading: { try reader.pinnedCalendar(hash: hash) }) else {
                throw ServiceError("case \(stored.id) refers to a holiday calendar the database does not have (\(choice))")
            }
            engine.calendars[choice] = pinned
        }
        return engine
    }

    /// The compiled workflow a case is pinned to.
    func workflow(of stored: StoredCase, reader: any CaseStoreReader) throws -> Workflow {
        try workflow(hash: stored.workflowHash, caseID: stored.id, reader: reader)
    }

    func workflow(hash: String, caseID: String, reader: any CaseStoreReader) throws -> Workflow {
        guard let workflow = try catalog.workflow(hash: hash, reading: { try reader.pinnedWorkflow(hash: hash) }) else {
            throw ServiceError("case \(caseID) refers to a workflow the database does not have (\(hash.prefix(12)))")
        }
        return workflow
    }

    static func noSuchCase(_ id: String, writer: (any CaseStoreReader)? = nil) -> String {
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
