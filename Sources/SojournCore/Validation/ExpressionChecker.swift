import SojournKit

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
struct ExpressionChecker {
    let workflow: Workflow
    /// Each step's declared outputs, `nil` for steps whose outputs are open-ended.
    let outputs: [String: [OutputDescription]?]

    private(set) var diagnostics: [Diagnostic] = []
    private(set) var dependencies: [ExpressionDependency] = []
    private var site: ExpressionSite!
    private var source: SourceExpression!

    /// When set, names mean only these values (a questionnaire's answers), not the case's.
    var valueScope: [String: ExpressionType]?

    init(workflow: Workflow, outputs: [String: [OutputDescription]?], valueScope: [String: ExpressionType]? = nil) {
        self.workflow = workflow
        self.outputs = outputs
        self.valueScope = valueScope
    }

    /// The names every step has besides its outputs.
    static let stepMembers = ["count", "started", "done"]

    /// Checks `source` as written at `site`; problems and dependencies accumulate.
    mutating func check(_ source: SourceExpression, at site: ExpressionSite) {
        self.site = site
        self.source = source
        guard let type = type(of: source.expression) else { return }
        let expected = site.expectedType
        if type != expected, type != .any {
            let example = expected == .date ? "a date such as departure - 6w" : "a condition such as level != \"analyst\""
            error("\(site.description) must be \(example); this is \(type)", source.expression.range)
        }
    }

    private mutating func error(_ message: String, _ range: Expression.Range, notes: [Diagnostic.Note] = []) {
        diagnostics.append(source.diagnostic(.error, message, at: range, notes: notes))
    }

    // MARK: - Types

    private mutating func type(of expression: Expression) -> ExpressionType? {
        switch expression.kind {
        case .number: return .number
        case .text: return .text
        case .boolean: return .boolean
        case .null: return .null
        case .date: return .date
        case .period: return .period
        case .reference(let names): return resolve(names)
        case .list(let items):
            var ok = true
            for item in items where type(of: item) == nil { ok = false }
            return ok ? .list : nil
        case .not(let inner):
            guard let innerType = type(of: inner) else { return nil }
            guard innerType == .boolean || innerType == .any else {
                error("'not' needs true or false, not \(innerType)", inner.range)
                return nil
            }
            return .boolean
        case .logical(let op, let left, let right):
            let l = type(of: left), r = type(of: right)
            for (side, sideType) in [(left, l), (right, r)] {
                if let sideType, sideType != .boolean, sideType != .any {
                    error("'\(op.rawValue)' joins conditions, and this is \(sideType); compare it with something, for example x == y", side.range)
                    return nil
                }
            }
            return l == nil || r == nil ? nil : .boolean
        case .comparison(let op, let left, let right):
            guard let l = type(of: left), let r = type(of: right) else { return nil }
            checkChoice(left, right)
            checkChoice(right, left)
            switch op {
            case .equal, .notEqual:
                guard l.isComparable(with: r) else {
                    error("cannot compare \(l) with \(r)", expression.operatorRange ?? expression.range)
                    return nil
                }
            default:
                // Text in order compares letters: "10" comes before "7". A grade written as
                // a choice of "1" to "10" would silently lose its 10s.
                if l == .text || r == .text {
                    let field = [left, right].compactMap { side -> String? in
                        if case .reference(let names) = side.kind, names.count == 1 { return names[0].text }
                        return nil
                    }.first
                    let fix = field.map { "make '\($0)' a number field to compare numbers, or test its choices with == or in" } ?? "compare numbers or dates, or test text with == or in"
                    error("'\(op.rawValue)' on text compares letters, not numbers (\"10\" comes before \"7\"); \(fix)", expression.operatorRange ?? expression.range)
                    return nil
                }
                let orderable: Set<ExpressionType> = [.number, .date, .any]
                guard orderable.contains(l), orderable.contains(r), l.isComparable(with: r) else {
                    error("'\(op.rawValue)' compares two numbers or two dates, not \(l) and \(r)", expression.operatorRange ?? expression.range)
                    return nil
                }
            }
            return .boolean
        case .membership(let left, let right, _):
            guard type(of: left) != nil, let r = type(of: right) else { return nil }
            guard r == .list || r == .any else {
                error("'in' needs a list after it, such as [\"FR\", \"DE\"]; this is \(r)", right.range)
                return nil
            }
            if case .list(let items) = right.kind {
                for item in items { checkChoice(left, item) }
            }
            return .boolean
        case .arithmetic(let op, let left, let right):
            guard let l = type(of: left), let r = type(of: right) else { return nil }
            switch (l, r) {
            case (.date, .period), (.any, .period), (.date, .any): return .date
            case (.number, .number), (.any, .number), (.number, .any): return .number
            case (.any, .any): return .any
            case (.date, .number):
                let amount = sourceText(right.range)
                error("'\(amount)' needs a unit: write \(amount)d, \(amount)w, \(amount)mo, \(amount)y or \(amount)bd", right.range)
                return nil
            case (.period, _):
                error("write the date first and the duration after it, as departure \(op.rawValue) \(sourceText(left.range))", left.range)
                return nil
            default:
                error("cannot \(op == .plus ? "add" : "subtract") \(r) \(op == .plus ? "to" : "from") \(l)", expression.operatorRange ?? expression.range)
                return nil
            }
        }
    }

    private func sourceText(_ range: Expression.Range) -> String {
        String(String.UnicodeScalarView(Array(source.text.unicodeScalars)[range]))
    }

    /// `level == "analist"`: a choice field compared with a text that is not an option.
    private mutating func checkChoice(_ reference: Expression, _ literal: Expression) {
        guard case .reference(let names) = reference.kind, names.count == 1,
              let field = workflow.field(names[0].text), field.type == .choice,
              case .text(let value) = literal.kind else { return }
        let options = field.options.map(\.value)
        guard !options.contains(value) else { return }
        error("'\(value)' is not an option of '\(field.name.value)'\(Suggestions.didYouMean(value, among: options)); its options are \(Suggestions.list(options))", literal.range)
    }

    // MARK: - Names

    private mutating func resolve(_ names: [Expression.Name]) -> ExpressionType? {
        let first = names[0]
        let fullRange = first.range.lowerBound..<names.last!.range.upperBound
        let written = names.map(\.text).joined(separator: ".")
        if let valueScope {
            guard let type = valueScope[first.text] else {
                let known = valueScope.keys.sorted()
                let hint = Suggestions.closest(to: first.text, among: known).map { "; did you mean '\($0)'?" } ?? "; the names here are \(Suggestions.list(known))"
                error("unknown name '\(first.text)'\(hint)", first.range)
                return nil
            }
            return noMembers(names, kind: "'\(first.text)'") ? type : nil
        }

        switch first.text {
        case "today":
            guard site.key == .when else {
                error("'today' can only be used in 'when:'; a date must not depend on the day the plan is made", first.range)
                return nil
            }
            return noMembers(names, kind: "'today'") ? .date : nil
        case "start", "due":
            return resolveOwnDate(first, names)
        default:
            break
        }

        if let field = workflow.field(first.text) {
            return noMembers(names, kind: "field '\(first.text)'") ? field.type.expressionType : nil
        }
        if let (step, _) = workflow.step(first.text) {
            guard names.count == 2 else {
                let members = (Self.stepMembers + (outputs[step.id.value]??.map(\.name) ?? [])).map { "\(first.text).\($0)" }
                error(names.count == 1
                      ? "'\(first.text)' is a step; write \(Suggestions.list(members))"
                      : "'\(written)' has too many parts; a step has \(Suggestions.list(members))", fullRange)
                return nil
            }
            let member = names[1]
            switch member.text {
            case "started":
                dependencies.append(ExpressionDependency(point: .stepStarted(first.text), location: source.location(of: fullRange), text: written))
                return .date
            case "done":
                dependencies.append(ExpressionDependency(point: .stepDone(first.text), location: source.location(of: fullRange), text: written))
                return .date
            case "count":
                dependencies.append(ExpressionDependency(point: .stepDone(first.text), location: source.location(of: fullRange), text: written))
                return .number
            default:
                dependencies.append(ExpressionDependency(point: .stepDone(first.text), location: source.location(of: fullRange), text: written))
                guard let declared = outputs[step.id.value] ?? nil else { return .any }
                guard let output = declared.first(where: { $0.name == member.text }) else {
                    let known = Self.stepMembers + declared.map(\.name)
                    error("step '\(first.text)' (\(step.uses.value)) has no output '\(member.text)'\(Suggestions.didYouMean(member.text, among: known)); it has \(Suggestions.list(known))", member.range)
                    return nil
                }
                return output.kind.expressionType
            }
        }
        if workflow.phase(first.text) != nil {
            guard names.count == 2, ["started", "done"].contains(names[1].text) else {
                error("'\(written)': a phase has '\(first.text).started' and '\(first.text).done'", fullRange)
                return nil
            }
            let point: ProgressPoint = names[1].text == "started" ? .phaseStarted(first.text) : .phaseDone(first.text)
            dependencies.append(ExpressionDependency(point: point, location: source.location(of: fullRange), text: written))
            return .date
        }
        error(unknownNameMessage(first.text), first.range)
        return nil
    }

    private mutating func noMembers(_ names: [Expression.Name], kind: String) -> Bool {
        guard names.count > 1 else { return true }
        error("\(kind) has no parts; remove '.\(names[1].text)'", names[1].range.lowerBound - 1..<names.last!.range.upperBound)
        return false
    }

    /// `start` and `due`: the step's own dates.
    private mutating func resolveOwnDate(_ name: Expression.Name, _ names: [Expression.Name]) -> ExpressionType? {
        guard let step = site.step else {
            error("'\(name.text)' means a step's own \(name.text) date; a phase has none (use a field or '<step>.done')", name.range)
            return nil
        }
        let allowed: [ExpressionSite.Key]
        if name.text == "start" {
            allowed = [.due, .remind, .until, .from, .setting]
        } else {
            allowed = [.remind]
            if step.due == nil {
                error("'due' refers to this step's due date, and step '\(step.id.value)' has no 'due:'", name.range)
                return nil
            }
        }
        guard allowed.contains(site.key) else {
            let places = Suggestions.list(allowed.map { "\($0.rawValue):" }, conjunction: "or")
            error("'\(name.text)' can only be used in \(places) of a step; here it would refer to itself", name.range)
            return nil
        }
        return noMembers(names, kind: "'\(name.text)'") ? .date : nil
    }

    private func unknownNameMessage(_ name: String) -> String {
        if ["yes", "no", "on", "off"].contains(name.lowercased()) {
            return "unknown name '\(name)'; yes-no values are written true and false in conditions: write \(["yes", "on"].contains(name.lowercased()) ? "true" : "false")"
        }
        let candidates = workflow.fields.map(\.name.value) + workflow.steps.map(\.id.value) + workflow.phases.map(\.id.value) + ["today"]
        if name.contains("-") {
            let parts = name.split(separator: "-").map(String.init)
            if let head = parts.first, candidates.contains(head) {
                return "unknown name '\(name)'; put spaces around '-' to subtract: \(head) - \(parts.dropFirst().joined(separator: "-"))"
            }
        }
        if let guess = Suggestions.closest(to: name, among: candidates) {
            return "unknown name '\(name)'; did you mean '\(guess)'?"
        }
        return "unknown name '\(name)'; expressions can use fields, '<step>.<output>', '<step>.done' and '<phase>.done'"
    }
}

extension OutputDescription.Kind {
    var expressionType: ExpressionType {
        switch self {
        case .text: .text
        case .number: .number
        case .boolean: .boolean
        case .date: .date
        case .list: .list
        case .any: .any
        }
    }
}
