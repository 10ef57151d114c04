import SojournKit
import SojournLanguage

/// Checks what reading alone cannot: ids are unique, every reference resolves, plugins
/// accept their configuration, expressions are well-typed, nothing waits for itself,
/// and warns about legal but suspicious schedules.
struct WorkflowValidator {
    let plugins: PluginRegistry
    let calendars: CalendarLibrary
    private(set) var diagnostics: [Diagnostic] = []
    private var graph = DependencyGraph()

    /// Whether to report unknown roles and names (off when the declarations themselves
    /// could not be read, so one mistake is not reported many times).
    let checkNames: Bool

    init(plugins: PluginRegistry, calendars: CalendarLibrary, checkNames: Bool = true) {
        self.plugins = plugins
        self.calendars = calendars
        self.checkNames = checkNames
    }

    private mutating func error(_ message: String, at location: SourceLocation?, length: Int = 1, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: location, length: length, notes: notes))
    }

    private mutating func warning(_ message: String, at location: SourceLocation?, length: Int = 1, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.warning(message, at: location, length: length, notes: notes))
    }

    /// Validates `workflow`, filling in each step's plugin configuration.
    mutating func validate(_ workflow: inout Workflow) {
        let idsAreUnique = checkIdentities(workflow)
        checkCalendar(workflow)
        configurePlugins(&workflow)
        checkOwnersAndOrder(workflow)
        checkExpressions(workflow)
        for (phase, step, expression) in parsedConditions {
            workflow.phases[phase].steps[step].configurationConditions.append(expression)
        }
        // With a duplicate id two parts share one node of the graph, so its cycles mean nothing.
        if idsAreUnique { reportCycles() }
        DateWarnings.check(workflow, into: &diagnostics)
    }

    // MARK: - Ids

    /// Reports ids used twice; returns whether all are unique.
    private mutating func checkIdentities(_ workflow: Workflow) -> Bool {
        var unique = true
        var seen: [String: (kind: String, location: SourceLocation?)] = [:]
        func claim(_ name: Located<String>, _ kind: String) {
            if let first = seen[name.value] {
                let message = first.kind == kind
                    ? "\(kind) id '\(name.value)' is used twice; ids must be unique in the workflow"
                    : "'\(name.value)' is both a \(first.kind) and a \(kind); rename one, since conditions refer to both by name"
                error(message, at: name.location, length: name.value.count, notes: [Diagnostic.Note("first used here", at: first.location)])
                unique = false
            } else {
                seen[name.value] = (kind, name.location)
            }
        }
        for field in workflow.fields { claim(field.name, "field") }
        for phase in workflow.phases { claim(phase.id, "phase") }
        for step in workflow.steps { claim(step.id, "step") }
        return unique
    }

    // MARK: - Calendar

    private mutating func checkCalendar(_ workflow: Workflow) {
        for calendar in workflow.calendarChoices { checkCalendar(calendar, in: workflow) }
    }

    /// One `calendar:`: a country field, a country code with a calendar file, or
    /// `weekends` (no public holidays, said on purpose).
    private mutating func checkCalendar(_ calendar: Located<String>, in workflow: Workflow) {
        guard calendar.value != "weekends" else { return }
        if let field = workflow.field(calendar.value) {
            if field.type != .country {
                error("'calendar' names field '\(field.name.value)', which is \(field.type.rawValue); it must be a country field", at: calendar.location, length: calendar.value.count)
            }
            return
        }
        let code = calendar.value
        guard code.count == 2, code == code.uppercased(), Countries.isKnown(code) else {
            let countryFields = workflow.fields.filter { $0.type == .country }.map(\.name.value)
            let hint = Suggestions.closest(to: code, among: countryFields).map { "; did you mean '\($0)'?" }
                ?? (countryFields.isEmpty ? "" : "; the country fields are \(Suggestions.list(countryFields))")
            error("'calendar' must name a country field, a country code such as FR, or weekends, not '\(code)'\(hint)", at: calendar.location, length: code.count)
            return
        }
        if calendars.checksFiles, !calendars.availableCountries.contains(code) {
            let available = calendars.availableCountries
            error("there is no holiday calendar for \(code) at \(calendars.path(for: code))\(available.isEmpty ? "" : "; calendars exist for \(available.joined(separator: ", "))")", at: calendar.location, length: code.count)
        }
    }

    // MARK: - Plugins

    /// Conditions in plugins' settings over the case, checked once every plugin's outputs
    /// are known.
    private var deferredConditions: [(phase: Int, step: Int, condition: Condition, isDate: Bool)] = []

    private mutating func configurePlugins(_ workflow: inout Workflow) {
        let roles = workflow.roles.map(\.value)
        let fields = workflow.fields.map(\.name.value)
        let fieldKinds = Dictionary(workflow.fields.map { ($0.name.value, $0.type.kind) }, uniquingKeysWith: { first, _ in first })
        let stepIDs = workflow.steps.map(\.id.value)
        let snapshot = workflow
        for phaseIndex in workflow.phases.indices {
            for stepIndex in workflow.phases[phaseIndex].steps.indices {
                let step = workflow.phases[phaseIndex].steps[stepIndex]
                guard let plugin = plugins.plugin(named: step.uses.value) else {
                    let hint = Suggestions.closest(to: step.uses.value, among: plugins.names).map { "; did you mean '\($0)'?" }
                        ?? "; available plugins: \(plugins.names.joined(separator: ", ")) (see 'sojourn plugins')"
                    error("unknown plugin '\(step.uses.value)'\(hint)", at: step.uses.location, length: step.uses.value.count)
                    continue
                }
                let node = step.with ?? Node(.mapping([]), at: step.uses.location!)
                let log = ConditionLog()
                let context = PluginValidationContext(
                    stepID: step.id.value, roles: roles, fieldNames: fields, fields: fieldKinds, stepIDs: stepIDs, configurationLocation: node.location,
                    conditionChecker: { condition, scope in
                        switch scope {
                        case .caseWide:
                            log.add(condition)
                            return []
                        case .values(let kinds):
                            return ConditionCheck.values(condition, kinds: kinds, workflow: snapshot)
                        }
                    },
                    dateChecker: { date in
                        log.add(date)
                        return []
                    })
                let (configuration, problems) = plugin.configure(node, context: context)
                diagnostics += problems
                workflow.phases[phaseIndex].steps[stepIndex].configuration = configuration
                for condition in log.conditions { deferredConditions.append((phaseIndex, stepIndex, condition, false)) }
                for date in log.dates { deferredConditions.append((phaseIndex, stepIndex, date.asCondition, true)) }
            }
        }
    }

    // MARK: - Owners and order

    private mutating func checkOwnersAndOrder(_ workflow: Workflow) {
        let roles = workflow.roles.map(\.value)
        for (phaseIndex, phase) in workflow.phases.enumerated() {
            // A phase follows the one before it unless it says otherwise.
            if let after = phase.after {
                for reference in after {
                    guard workflow.phase(reference.value) != nil else {
                        let inStep = workflow.step(reference.value).map { " ('\(reference.value)' is a step in phase '\($0.phase.id.value)'; a phase can follow phases only)" }
                        error("unknown phase '\(reference.value)'\(inStep ?? Suggestions.didYouMean(reference.value, among: workflow.phases.map(\.id.value)))", at: reference.location, length: reference.value.count)
                        continue
                    }
                    graph.add(.phaseStarted(phase.id.value), waitsFor: .phaseDone(reference.value), because: "'after: \(reference.value)'", at: reference.location!)
                }
            } else if phaseIndex > 0 {
                let previous = workflow.phases[phaseIndex - 1].id.value
                graph.add(.phaseStarted(phase.id.value), waitsFor: .phaseDone(previous), because: "it comes after phase '\(previous)'", at: phase.id.location!)
            }

            for (stepIndex, step) in phase.steps.enumerated() {
                let id = step.id.value
                graph.add(.stepStarted(id), waitsFor: .phaseStarted(phase.id.value), because: "it is in phase '\(phase.id.value)'", at: step.id.location!, structural: true)
                graph.add(.stepDone(id), waitsFor: .stepStarted(id), because: "a step finishes after it starts", at: step.id.location!, structural: true)
                graph.add(.phaseDone(phase.id.value), waitsFor: .stepDone(id), because: "step '\(id)' is part of it", at: step.id.location!, structural: true)

                if checkNames, let owner = step.owner, !roles.contains(owner.value) {
                    let hint = Suggestions.closest(to: owner.value, among: roles).map { "; did you mean '\($0)'?" }
                        ?? (roles.isEmpty ? "; declare it under 'roles:'" : "; the roles are \(Suggestions.list(roles, conjunction: "and"))")
                    error("unknown role '\(owner.value)'\(hint)", at: owner.location, length: owner.value.count)
                }

                if let after = step.after {
                    for reference in after {
                        if phase.steps.contains(where: { $0.id.value == reference.value }) {
                            graph.add(.stepStarted(id), waitsFor: .stepDone(reference.value), because: "'after: \(reference.value)'", at: reference.location!)
                        } else if let other = workflow.step(reference.value) {
                            error("step '\(reference.value)' is in phase '\(other.phase.id.value)'; 'after:' names steps of the same phase (to wait for another phase, use the phase's 'after:' or 'start: \(reference.value).done')", at: reference.location, length: reference.value.count)
                        } else if let guess = Suggestions.closest(to: reference.value, among: phase.steps.map(\.id.value)) {
                            error("unknown step '\(reference.value)'; did you mean '\(guess)'?", at: reference.location, length: reference.value.count)
                        } else if let guess = Suggestions.closest(to: reference.value, among: workflow.steps.map(\.id.value)), let other = workflow.step(guess) {
                            error("unknown step '\(reference.value)'; did you mean '\(guess)'? It is in phase '\(other.phase.id.value)', and 'after:' names steps of the same phase", at: reference.location, length: reference.value.count)
                        } else {
                            error("unknown step '\(reference.value)'", at: reference.location, length: reference.value.count)
                        }
                    }
                } else if stepIndex > 0 {
                    let previous = phase.steps[stepIndex - 1].id.value
                    graph.add(.stepStarted(id), waitsFor: .stepDone(previous), because: "it comes after step '\(previous)'", at: step.id.location!)
                }
            }
        }
    }

    // MARK: - Expressions

    /// Parsed case-wide conditions from plugins' settings, kept with their steps so the
    /// engine waits for what they mention.
    private(set) var parsedConditions: [(phase: Int, step: Int, expression: SourceExpression)] = []

    private mutating func checkExpressions(_ workflow: Workflow) {
        var outputs: [String: [OutputDescription]?] = [:]
        for step in workflow.steps {
            outputs[step.id.value] = step.configuration.map { $0.outputs } ?? .some(nil)
        }
        var checker = ExpressionChecker(workflow: workflow, outputs: outputs)
        func check(_ expression: SourceExpression?, _ site: ExpressionSite, waiter: ProgressPoint) {
            guard let expression else { return }
            let before = checker.dependencies.count
            checker.check(expression, at: site)
            for dependency in checker.dependencies[before...] {
                graph.add(waiter, waitsFor: dependency.point, because: "'\(site.key.rawValue): \(expression.text)' needs \(dependency.text)", at: dependency.location)
            }
        }
        for (phaseIndex, stepIndex, condition, isDate) in deferredConditions {
            let phase = workflow.phases[phaseIndex], step = phase.steps[stepIndex]
            guard let expression = ConditionCheck.parse(condition, workflow: workflow, into: &diagnostics) else { continue }
            check(expression, ExpressionSite(key: isDate ? .setting : .when, phase: phase, step: step), waiter: .stepStarted(step.id.value))
            parsedConditions.append((phaseIndex, stepIndex, expression))
        }
        for phase in workflow.phases {
            let started = ProgressPoint.phaseStarted(phase.id.value)
            check(phase.start, ExpressionSite(key: .start, phase: phase), waiter: started)
            check(phase.when, ExpressionSite(key: .when, phase: phase), waiter: started)
            for step in phase.steps {
                let started = ProgressPoint.stepStarted(step.id.value), done = ProgressPoint.stepDone(step.id.value)
                check(step.start, ExpressionSite(key: .start, phase: phase, step: step), waiter: started)
                check(step.when, ExpressionSite(key: .when, phase: phase, step: step), waiter: started)
                check(step.due, ExpressionSite(key: .due, phase: phase, step: step), waiter: done)
                for reminder in step.remind {
                    check(reminder, ExpressionSite(key: .remind, phase: phase, step: step), waiter: done)
                }
                if !step.blocking, step.after == nil, phase.steps.first?.id.value != step.id.value {
                    diagnostics.append(.warning("step '\(step.id.value)' does not block its phase but still waits for the step before it; add 'after: []' so it starts with the phase", at: step.id.location))
                }
                if let grace = step.grace, step.due == nil, step.repeats.isEmpty {
                    diagnostics.append(.error("'grace' counts from the due date, and step '\(step.id.value)' has no 'due'; add one, or remove 'grace'", at: grace.location))
                }
                for segment in step.repeats {
                    if case .until(let until) = segment.limit {
                        check(until, ExpressionSite(key: .until, phase: phase, step: step), waiter: done)
                    }
                    if let from = segment.from {
                        check(from, ExpressionSite(key: .from, phase: phase, step: step), waiter: done)
                    }
                }
            }
        }
        // Without complete declarations an unknown name is likely a field that failed to read.
        diagnostics += checkNames ? checker.diagnostics : checker.diagnostics.filter { !$0.message.hasPrefix("unknown name") }
    }

    // MARK: - Cycles

    private mutating func reportCycles() {
        for cycle in graph.cycles() where !cycle.isEmpty {
            let written = cycle.filter { !$0.isStructural }
            let shown = written.isEmpty ? cycle : written
            let names = shown.flatMap { [$0.waiter, $0.awaited] }.map { point -> String in
                switch point {
                case .phaseStarted(let id), .phaseDone(let id): return "phase '\(id)'"
                case .stepStarted(let id), .stepDone(let id): return "step '\(id)'"
                }
            }
            var unique: [String] = []
            for name in names where !unique.contains(name) { unique.append(name) }
            let first = shown.min { $0.location < $1.location }!
            let notes = shown.map { edge in
                Diagnostic.Note("\(edge.waiter) only after \(edge.awaited): \(edge.reason)", at: edge.location)
            }
            error("\(Suggestions.list(unique, conjunction: "and", quoted: false)) wait for each other, so \(unique.count == 1 ? "it" : "they") can never start", at: first.location, notes: notes)
        }
    }
}
