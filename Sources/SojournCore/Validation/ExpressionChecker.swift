import SojournKit
import SojournLanguage

/// Where in a workflow an expression is written, which decides what it may mention.
struct ExpressionSite {
    enum Key: String {
        case start, due, remind, when, until, from
        /// A date in the step's plugin settings (`with:`).
        case setting = "with"
    }

    var key: Key
    var phase: Phase
    /// The step, for expressions of a step; `nil` for a phase's.
    var step: Step?

    /// What the expression is, for messages: `the 'due' of step 'eligibility'`.
    var description: String {
        if key == .setting, let step { return "a date in the 'with' of step '\(step.id.value)'" }
        if let step { return "the '\(key.rawValue)' of step '\(step.id.value)'" }
        return "the '\(key.rawValue)' of phase '\(phase.id.value)'"
    }

    /// The type the expression must have.
    var expectedType: ExpressionType { key == .when ? .boolean : .date }
}

/// A point in a case's progress that something can wait for.
enum ProgressPoint: Hashable, Comparable, CustomStringConvertible {
    case phaseStarted(String), phaseDone(String), stepStarted(String), stepDone(String)

    var description: String {
        switch self {
        case .phaseStarted(let id): "phase '\(id)' starts"
        case .phaseDone(let id): "phase '\(id)' finishes"
        case .stepStarted(let id): "step '\(id)' starts"
        case .stepDone(let id): "step '\(id)' finishes"
        }
    }
}

/// A point an expression mentions, and where it mentions it.
struct ExpressionDependency {
    var point: ProgressPoint
    var location: SourceLocation
    /// The name as written (`mentoring.count`).
    var text: String
}

/// Checks an expression against the workflow: every name exists, types fit, and the
/// result is what the site needs. Also reports which progress points it depends on.
/// The type rules are the language's (`ExpressionTyper`); this adds what names mean in
/// a workflow (`WorkflowNames`).
struct ExpressionChecker {
    private var typer: ExpressionTyper<WorkflowNames>

    /// The problems found so far.
    var diagnostics: [Diagnostic] { typer.diagnostics }
    /// The progress points the expressions checked so far depend on.
    var dependencies: [ExpressionDependency] { typer.scope.dependencies }

    init(workflow: Workflow, outputs: [String: [OutputDescription]?]) {
        typer = ExpressionTyper(scope: WorkflowNames(workflow: workflow, outputs: outputs))
    }

    /// Checks `source` as written at `site`; problems and dependencies accumulate.
    mutating func check(_ source: SourceExpression, at site: ExpressionSite) {
        typer.scope.site = site
        typer.check(source, is: site.expectedType, description: site.description)
    }
}

/// What names mean in a workflow: fields, `<step>.<member>`, `<phase>.started|done`,
/// `today` in conditions and a step's own `start` and `due` where they make sense.
struct WorkflowNames: ExpressionScope {
    let workflow: Workflow
    /// Each step's declared outputs, `nil` for steps whose outputs are open-ended.
    let outputs: [String: [OutputDescription]?]
    /// Where the expression being checked is written.
    var site: ExpressionSite?
    /// The progress points the names resolved so far depend on.
    private(set) var dependencies: [ExpressionDependency] = []

    init(workflow: Workflow, outputs: [String: [OutputDescription]?]) {
        self.workflow = workflow
        self.outputs = outputs
    }

    /// The names every step has besides its outputs.
    static let stepMembers = NameHints.stepMembers

    func choices(of name: String) -> (name: String, options: [String])? {
        guard let field = workflow.field(name), field.type == .choice else { return nil }
        return (field.name.value, field.options.map(\.value))
    }

    mutating func resolve(_ names: [Expression.Name], in source: SourceExpression) -> NameResolution {
        let first = names[0]
        let fullRange = first.range.lowerBound..<names[names.count - 1].range.upperBound
        let written = names.map(\.text).joined(separator: ".")

        switch first.text {
        case "today":
            guard site?.key == .when else {
                return .problem("'today' can only be used in 'when:'; a date must not depend on the day the plan is made", at: first.range)
            }
            return NameHints.noParts(names, kind: "'today'") ?? .type(.date)
        case "start", "due":
            return resolveOwnDate(first, names)
        default:
            break
        }

        if let field = workflow.field(first.text) {
            return NameHints.noParts(names, kind: "field '\(first.text)'") ?? .type(field.type.expressionType)
        }
        if let (step, _) = workflow.step(first.text) {
            guard names.count == 2 else {
                let members = (Self.stepMembers + (outputs[step.id.value]??.map(\.name) ?? [])).map { "\(first.text).\($0)" }
                return .problem(names.count == 1
                      ? "'\(first.text)' is a step; write \(Suggestions.list(members))"
                      : "'\(written)' has too many parts; a step has \(Suggestions.list(members))", at: fullRange)
            }
            let member = names[1]
            func depend(_ point: ProgressPoint) {
                dependencies.append(ExpressionDependency(point: point, location: source.location(of: fullRange), text: written))
            }
            switch member.text {
            case "started":
                depend(.stepStarted(first.text))
                return .type(.date)
            case "done":
                depend(.stepDone(first.text))
                return .type(.date)
            case "count":
                depend(.stepDone(first.text))
                return .type(.number)
            default:
                depend(.stepDone(first.text))
                guard let declared = outputs[step.id.value] ?? nil else { return .type(.any) }
                guard let output = declared.first(where: { $0.name == member.text }) else {
                    let known = Self.stepMembers + declared.map(\.name)
                    return .problem("step '\(first.text)' (\(step.uses.value)) has no output '\(member.text)'; it has \(Suggestions.list(known, conjunction: "and"))\(Suggestions.didYouMean(member.text, among: known))", at: member.range)
                }
                return .type(output.kind.expressionType)
            }
        }
        if workflow.phase(first.text) != nil {
            guard names.count == 2, ["started", "done"].contains(names[1].text) else {
                return .problem("'\(written)': a phase has '\(first.text).started' and '\(first.text).done'", at: fullRange)
            }
            let point: ProgressPoint = names[1].text == "started" ? .phaseStarted(first.text) : .phaseDone(first.text)
            dependencies.append(ExpressionDependency(point: point, location: source.location(of: fullRange), text: written))
            return .type(.date)
        }
        let candidates = workflow.fields.map(\.name.value) + workflow.steps.map(\.id.value) + workflow.phases.map(\.id.value) + ["today"]
        return .problem(NameHints.unknownName(first.text, candidates: candidates,
                                              otherwise: "expressions can use fields, '<step>.<output>', '<step>.done' and '<phase>.done'"), at: first.range)
    }

    /// `start` and `due`: the step's own dates.
    private func resolveOwnDate(_ name: Expression.Name, _ names: [Expression.Name]) -> NameResolution {
        guard let site, let step = site.step else {
            return .problem("'\(name.text)' means a step's own \(name.text) date; a phase has none (use a field or '<step>.done')", at: name.range)
        }
        let allowed: [ExpressionSite.Key]
        if name.text == "start" {
            allowed = [.due, .remind, .until, .from, .setting]
        } else {
            allowed = [.remind]
            if step.due == nil {
                return .problem("'due' refers to this step's due date, and step '\(step.id.value)' has no 'due:'", at: name.range)
            }
        }
        guard allowed.contains(site.key) else {
            let places = Suggestions.list(allowed.map { "\($0.rawValue):" }, conjunction: "or")
            return .problem("'\(name.text)' can only be used in \(places) of a step; here it would refer to itself", at: name.range)
        }
        return NameHints.noParts(names, kind: "'\(name.text)'") ?? .type(.date)
    }
}
