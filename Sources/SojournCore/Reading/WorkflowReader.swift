import SojournKit
import SojournLanguage

/// Reads a workflow's node tree into the model, reporting the structural problems:
/// unknown and missing keys, wrong types, invalid ids and expression syntax.
/// References between parts are checked afterwards, by `WorkflowValidator`.
struct WorkflowReader {
    private var reader: NodeReader

    init(source: SourceFile) {
        reader = NodeReader(source: source)
    }

    var diagnostics: [Diagnostic] { reader.diagnostics }

    /// Whether `fields:` and `roles:` were read without errors. When they were not,
    /// checks that names exist would only repeat the same problem, so they are skipped.
    private(set) var declarationsAreComplete = true

    /// The workflow, or `nil` when its skeleton (`workflow:` and `phases:`) is unusable.
    /// Problems are in `diagnostics` either way.
    mutating func read(_ root: Node) -> Workflow? {
        guard let keys = reader.mapping(root, as: LanguageSpec.workflow) else { return nil }
        let id = keys["workflow"].flatMap { reader.name($0, "workflow id") ?? standIn($0) }
        let title = keys["title"].flatMap { reader.line($0, "'title'") }
        let summary = keys["description"].flatMap { reader.prose($0, "'description'") }
        let version = keys["version"].flatMap { reader.integer($0, "'version'", minimum: 1) }
        let calendar = keys["calendar"].flatMap { reader.text($0, "'calendar'") }
        let before = reader.diagnostics.count
        let fields = keys["fields"].map { readFields($0) } ?? []
        let roles = keys["roles"].map { readRoles($0) } ?? []
        let operators = keys["operators"].map { readRoleList($0, key: "operators", noun: "operator", roles: roles) } ?? []
        let retention = keys["retention"].flatMap { readRetention($0) }
        let privateReaders = keys["private_readers"].map { readRoleList($0, key: "private_readers", noun: "reader", roles: roles) } ?? []
        declarationsAreComplete = reader.diagnostics[before...].allSatisfy { $0.severity != .error }
        let phases = keys["phases"].map { readPhases($0, roles: roles) } ?? []
        var messages = MessageTemplates()
        if let node = keys["language"], let language = readLanguage(node) { messages.defaultLanguage = language }
        if let node = keys["messages"] { messages.wordings = readMessages(node, language: messages.defaultLanguage, fields: fields.map { $0.name.value }, roles: roles.map { $0.value }) }
        let digest = keys["digest"].flatMap { readDigest($0) } ?? false
        guard let id, keys["phases"] != nil else { return nil }
        var workflow = Workflow(
            id: id, title: title?.value ?? id.value, summary: summary?.value, version: version?.value,
            calendar: calendar, fields: fields, roles: roles, phases: phases,
            source: reader.source, location: root.location)
        workflow.operators = operators
        workflow.privateReaders = privateReaders
        workflow.retention = retention
        workflow.messages = messages
        workflow.digest = digest
        return workflow
    }

    // MARK: - Messages

    /// `language: de`: a language tag, lowercase.
    private mutating func readLanguage(_ node: Node) -> String? {
        guard let text = reader.text(node, "'language'") else { return nil }
        let language = text.value.lowercased()
        guard language.wholeMatch(of: /[a-z]{2,3}(-[a-z0-9]{2,8})*/) != nil else {
            reader.error("'\(text.value)' is not a language tag; write one such as en, de or pt-br", at: node.location, length: text.value.count)
            return nil
        }
        return language
    }

    /// `digest: daily` or `digest: none`.
    private mutating func readDigest(_ node: Node) -> Bool? {
        guard let text = reader.text(node, "'digest'") else { return nil }
        switch text.value {
        case "daily": return true
        case "none": return false
        default:
            reader.error("'digest' is daily or none, not '\(text.value)'", at: node.location, length: text.value.count)
            return nil
        }
    }

    /// `messages:`: for each kind, a wording (subject and body), or wordings by language.
    private mutating func readMessages(_ node: Node, language defaultLanguage: String, fields: [String], roles: [String]) -> [MessageTemplates.Kind: [String: MessageTemplates.Wording]] {
        let kinds = MessageTemplates.Kind.allCases.map(\.rawValue)
        guard let pairs = node.mapping else {
            reader.error("'messages' is a mapping of message kinds (\(Suggestions.list(kinds))) to their subject and body, found \(node.kindDescription)", at: node.location)
            return [:]
        }
        var wordings: [MessageTemplates.Kind: [String: MessageTemplates.Wording]] = [:]
        for pair in pairs {
            guard let name = reader.text(pair.key, "a message kind") else { continue }
            guard let kind = MessageTemplates.Kind(rawValue: name.value) else {
                reader.error("unknown message kind '\(name.value)'\(Suggestions.didYouMean(name.value, among: kinds)); messages are \(Suggestions.list(kinds))", at: pair.key.location, length: name.value.count)
                continue
            }
            var known: [String] = []
            for name in (MessageTemplates.placeholders[kind] ?? []) + (kind == .digest ? [] : fields + roles) where !known.contains(name) { known.append(name) }
            let keys = pair.value.mapping?.compactMap(\.key.text) ?? []
            if keys.contains("subject") || keys.contains("body") {
                // One wording, in the workflow's language.
                if let wording = readWording(pair.value, known: known, kind: kind) { wordings[kind, default: [:]][defaultLanguage] = wording }
                continue
            }
            guard let languages = pair.value.mapping else {
                reader.error("message '\(name.value)' needs 'subject' and 'body', or wordings by language (en:, de:), found \(pair.value.kindDescription)", at: pair.value.location)
                continue
            }
            for language in languages {
                guard let tag = readLanguage(language.key) else { continue }
                if let wording = readWording(language.value, known: known, kind: kind) { wordings[kind, default: [:]][tag] = wording }
            }
        }
        return wordings
    }

    private mutating func readWording(_ node: Node, known: [String], kind: MessageTemplates.Kind) -> MessageTemplates.Wording? {
        guard let keys = reader.mapping(node, as: LanguageSpec.wording) else { return nil }
        guard let subjectNode = keys["subject"], let bodyNode = keys["body"],
              let subject = reader.line(subjectNode, "'subject'"), let body = reader.prose(bodyNode, "'body'") else { return nil }
        var good = true
        for (node, text) in [(subjectNode, subject.value), (bodyNode, body.value)] {
            for (name, offset) in Template.placeholderOffsets(text) where !known.contains(name) {
                let location = placeholderLocation(node, text: text, offset: offset)
                let elsewhere = MessageTemplates.Kind.allCases.filter { MessageTemplates.placeholders[$0]?.contains(name) == true }.map(\.rawValue)
                let hint = !elsewhere.isEmpty
                    ? " ('{\(name)}' is for \(elsewhere.dropLast().joined(separator: ", "))\(elsewhere.count > 1 ? " and " : "")\(elsewhere.last ?? "") messages)"
                    : Suggestions.closest(to: name, among: known).map { "; did you mean '{\($0)}'?" } ?? ""
                reader.error("unknown placeholder '{\(name)}' in the \(kind.rawValue) message\(hint); it can use \(Suggestions.list(known.map { "{\($0)}" }))", at: location, length: name.count + 2)
                good = false
            }
        }
        return good ? MessageTemplates.Wording(subject: subject.value, body: body.value) : nil
    }

    /// Where the placeholder at `offset` (unicode scalars into `text`) is in the file: in
    /// a one-line value as the file spells it, or a block (`|`) whose lines are verbatim;
    /// else where the value starts.
    private func placeholderLocation(_ node: Node, text: String, offset: Int) -> SourceLocation {
        if let shift = reader.textColumn(of: node) { return node.location.advanced(by: shift + offset) }
        guard let scalar = node.scalar, scalar.style == .literal else { return node.location }
        let before = String(String.UnicodeScalarView(text.unicodeScalars.prefix(offset)))
        let lineIndex = before.unicodeScalars.filter { $0 == "\n" }.count
        let column = before.unicodeScalars.count - (before.unicodeScalars.lastIndex(of: "\n").map { before.unicodeScalars.distance(from: before.unicodeScalars.startIndex, to: $0) + 1 } ?? 0)
        let valueLine = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(lineIndex).first.map(String.init) ?? ""
        let number = node.location.line + 1 + lineIndex
        guard let sourceLine = reader.source.line(number), sourceLine.unicodeScalars.count >= valueLine.unicodeScalars.count, sourceLine.hasSuffix(valueLine) else { return node.location }
        let indent = sourceLine.unicodeScalars.count - valueLine.unicodeScalars.count
        return SourceLocation(file: node.location.file, line: number, column: indent + column + 1)
    }

    // MARK: - Fields and roles

    private mutating func readFields(_ node: Node) -> [FieldDefinition] {
        guard let pairs = node.mapping else {
            reader.error("'fields' must be a mapping of field names to their type, found \(node.kindDescription)", at: node.location)
            return []
        }
        return pairs.compactMap { pair in
            guard let name = reader.name(pair.key, "field name") else { return nil }
            return readField(name, pair.value)
        }
    }

    private mutating func readField(_ name: Located<String>, _ node: Node) -> FieldDefinition? {
        // Short form: `departure: date`.
        if node.scalar != nil {
            guard let type = fieldType(node) else { return nil }
            return FieldDefinition(name: name, type: type, required: false, options: [], title: nil, summary: nil, defaultValue: nil, location: name.location!)
        }
        guard let keys = reader.mapping(node, as: LanguageSpec.field), let typeNode = keys["type"], let type = fieldType(typeNode) else { return nil }
        let required = keys["required"].flatMap { reader.boolean($0, "'required'") } ?? false
        var options: [Located<String>] = []
        if let optionsNode = keys["options"] {
            if type != .choice {
                reader.error("only choice fields have 'options'; this field is \(type.rawValue)", at: optionsNode.location)
            }
            options = (reader.list(optionsNode, "'options'") ?? []).compactMap { reader.text($0, "an option") }
            checkUnique(options, what: "option")
        } else if type == .choice {
            reader.error("choice field '\(name.value)' needs 'options', the values to choose from", at: typeNode.location, length: 6)
        }
        var bounds: [Double?] = []
        for key in ["min", "max"] {
            guard let node = keys[key] else { bounds.append(nil); continue }
            guard type == .number else {
                reader.error("only number fields have '\(key)'; this field is \(type.rawValue)", at: node.location)
                bounds.append(nil)
                continue
            }
            switch node.resolvedValue {
            case .int(let value) where node.scalar != nil: bounds.append(Double(value))
            case .float(let value) where node.scalar != nil: bounds.append(value)
            default:
                reader.error("'\(key)' must be a number, found \(node.kindDescription)", at: node.location, length: node.text?.count ?? 1)
                bounds.append(nil)
            }
        }
        if let low = bounds[0], let high = bounds[1], low > high, let node = keys["max"] {
            reader.error("'max' (\(FieldDefinition.format(high))) is below 'min' (\(FieldDefinition.format(low)))", at: node.location, length: node.text?.count ?? 1)
        }
        var checker = FieldDefinition(name: name, type: type, required: required, options: options, title: nil, summary: nil, defaultValue: nil, location: name.location!)
        checker.minimum = bounds[0]
        checker.maximum = bounds[1]
        var defaultValue: Value?
        if let defaultNode = keys["default"] {
            if let text = reader.text(defaultNode, "'default'") {
                switch checker.parse(text.value) {
                case .success(let value): defaultValue = value
                case .failure(let problem): reader.error("the default \(problem.message)", at: defaultNode.location, length: text.value.count)
                }
            }
            if required { reader.warning("a required field never uses its default; remove 'default' or 'required'", at: defaultNode.location) }
        }
        var field = FieldDefinition(
            name: name, type: type, required: required, options: options,
            title: keys["title"].flatMap { reader.line($0, "'title'") }?.value,
            summary: keys["description"].flatMap { reader.prose($0, "'description'") }?.value,
            defaultValue: defaultValue, location: name.location!)
        field.minimum = bounds[0]
        field.maximum = bounds[1]
        return field
    }

    private mutating func fieldType(_ node: Node) -> FieldType? {
        guard let text = reader.text(node, "a field type") else { return nil }
        guard let type = FieldType(rawValue: text.value) else {
            let names = FieldType.allCases.map(\.rawValue)
            let hint = Suggestions.closest(to: text.value, among: names + ["boolean", "string", "int"]).map { guess -> String in
                switch guess {
                case "boolean": return "; did you mean 'yes-no'?"
                case "string": return "; did you mean 'text'?"
                case "int": return "; did you mean 'number'?"
                default: return "; did you mean '\(guess)'?"
                }
            } ?? ""
            reader.error("unknown field type '\(text.value)'\(hint); use \(Suggestions.list(names))", at: node.location, length: text.value.count)
            return nil
        }
        return type
    }

    /// `retention: 3y after end`: how long a case is kept once it has ended.
    private mutating func readRetention(_ node: Node) -> Located<Period>? {
        guard let text = reader.text(node, "'retention'") else { return nil }
        let words = text.value.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, words[1] == "after", words[2] == "end" else {
            reader.error("'retention' is a duration after the case ends, such as '3y after end', not '\(text.value)'", at: node.location, length: text.value.count)
            return nil
        }
        switch Period.parse(String(words[0])) {
        case .success(let period) where period.isPositive && (period.fixedDays.map { $0 >= 30 } ?? !words[0].contains("bd")):
            return Located(period, at: node.location)
        case .success:
            reader.error("'retention' is at least 30 days, in d, w, mo or y ('\(words[0])' is not)", at: node.location, length: words[0].count)
        case .failure(let problem):
            reader.error(problem.message, at: node.location, length: words[0].count)
        }
        return nil
    }

    /// A list of the workflow's roles under `key` (`operators:`, `private_readers:`).
    private mutating func readRoleList(_ node: Node, key: String, noun: String, roles: [Located<String>]) -> [Located<String>] {
        guard node.mapping == nil else {
            reader.error("'\(key)' must be a list of roles, such as [hr], found a mapping", at: node.location)
            return []
        }
        let names = roles.map(\.value)
        let listed = reader.items(node, "'\(key)'").compactMap { reader.name($0, "role name") }
        for role in listed where !names.contains(role.value) {
            reader.error("'\(role.value)' is not one of the workflow's roles\(Suggestions.didYouMean(role.value, among: names)); '\(key)' lists roles declared under 'roles:'", at: role.location, length: role.value.count)
        }
        checkUnique(listed, what: noun)
        return listed
    }

    private mutating func readRoles(_ node: Node) -> [Located<String>] {
        guard node.mapping == nil else {
            reader.error("'roles' must be a list of role names, such as [employee, mentor, hr], found a mapping", at: node.location)
            return []
        }
        let items = reader.items(node, "'roles'")
        let roles = items.compactMap { reader.name($0, "role name") }
        checkUnique(roles, what: "role")
        return roles
    }

    // MARK: - Phases and steps

    private mutating func readPhases(_ node: Node, roles: [Located<String>]) -> [Phase] {
        guard let items = reader.list(node, "'phases'") else { return [] }
        if items.isEmpty { reader.error("a workflow needs at least one phase", at: node.location) }
        return items.compactMap { readPhase($0, roles: roles) }
    }

    private mutating func readPhase(_ node: Node, roles: [Located<String>]) -> Phase? {
        guard let keys = reader.mapping(node, as: LanguageSpec.phase) else { return nil }
        let id = keys["id"].flatMap { reader.name($0, "phase id") ?? standIn($0) }
        let steps: [Step] = keys["steps"].flatMap { stepsNode in
            guard let items = reader.list(stepsNode, "'steps'") else { return nil }
            if items.isEmpty { reader.error("a phase needs at least one step", at: stepsNode.location) }
            return items.compactMap { readStep($0, roles: roles) }
        } ?? []
        guard let id else { return nil }
        return Phase(
            id: id,
            title: keys["title"].flatMap { reader.line($0, "'title'") }?.value,
            summary: keys["description"].flatMap { reader.prose($0, "'description'") }?.value,
            after: keys["after"].map { reader.items($0, "'after'").compactMap { reader.name($0, "phase id") } },
            start: keys["start"].flatMap { reader.expression($0, "'start'") },
            when: keys["when"].flatMap { reader.expression($0, "'when'") },
            steps: steps, calendar: keys["calendar"].flatMap { reader.text($0, "'calendar'") }, location: node.location)
    }

    private mutating func readStep(_ node: Node, roles: [Located<String>]) -> Step? {
        guard let keys = reader.mapping(node, as: LanguageSpec.step) else { return nil }
        let id = keys["id"].flatMap { reader.name($0, "step id") ?? standIn($0) }
        let uses = keys["uses"].flatMap { reader.text($0, "'uses'") }
        let owner = keys["owner"].flatMap { reader.name($0, "role name") }
        let after = keys["after"].map { reader.items($0, "'after'").compactMap { reader.name($0, "step id") } }
        let start = keys["start"].flatMap { reader.expression($0, "'start'") }
        let due = keys["due"].flatMap { reader.expression($0, "'due'") }
        let remind = keys["remind"].map { reader.items($0, "'remind'").compactMap { reader.expression($0, "a reminder") } } ?? []
        let when = keys["when"].flatMap { reader.expression($0, "'when'") }
        let repeats = keys["repeat"].map { readRepeat($0) } ?? []
        let grace = keys["grace"].flatMap { reader.period($0, "'grace'") }
        let blocking = keys["blocking"].flatMap { reader.boolean($0, "'blocking'") } ?? true
        guard let id, let uses else { return nil }
        var step = Step(
            id: id,
            title: keys["title"].flatMap { reader.line($0, "'title'") }?.value,
            summary: keys["description"].flatMap { reader.prose($0, "'description'") }?.value,
            uses: uses, owner: owner, after: after, start: start, due: due, remind: remind, when: when,
            repeats: repeats, with: keys["with"], configuration: nil, location: node.location)
        step.grace = grace
        step.calendar = keys["calendar"].flatMap { reader.text($0, "'calendar'") }
        step.blocking = blocking
        step.escalate = keys["escalate"].flatMap { readEscalation($0, roles: roles, due: due != nil || !repeats.isEmpty) }
        return step
    }

    /// `escalate: {after: 1w, to: [hr]}`.
    private mutating func readEscalation(_ node: Node, roles: [Located<String>], due: Bool) -> Escalation? {
        guard let keys = reader.mapping(node, as: LanguageSpec.escalation) else { return nil }
        let after = keys["after"].flatMap { reader.period($0, "'after'") }
        let to = keys["to"].map { readRoleList($0, key: "to", noun: "role", roles: roles) } ?? []
        if !due { reader.error("'escalate' counts from the step's due date; give the step a 'due' first", at: node.location) }
        guard let after, !to.isEmpty, due else { return nil }
        return Escalation(after: after, to: to, location: node.location)
    }

    private mutating func readRepeat(_ node: Node) -> [RepeatSegment] {
        let segments = node.mapping != nil ? [node] : (reader.list(node, "'repeat'") ?? [])
        return segments.compactMap { segment in
            guard let keys = reader.mapping(segment, as: LanguageSpec.repeatSegment) else { return nil }
            let every = keys["every"].flatMap { reader.period($0, "'every'") }
            let limits = ["for", "count", "until"].filter { keys[$0] != nil }
            guard limits.count == 1 else {
                if limits.isEmpty {
                    reader.error("a repeat segment needs one of 'for', 'count' or 'until' to say when it ends", at: segment.location)
                } else {
                    reader.error("a repeat segment takes one of 'for', 'count' or 'until', not \(Suggestions.list(limits, conjunction: "and"))", at: keys[limits[1]]!.location)
                }
                return nil
            }
            let limit: RepeatSegment.Limit?
            switch limits[0] {
            case "for": limit = reader.period(keys["for"]!, "'for'").map(RepeatSegment.Limit.duration)
            case "count": limit = reader.integer(keys["count"]!, "'count'", minimum: 1).map(RepeatSegment.Limit.count)
            default: limit = reader.expression(keys["until"]!, "'until'").map(RepeatSegment.Limit.until)
            }
            var onHoliday = RepeatSegment.HolidayRule.keep
            if let node = keys["on_holiday"], let rule = reader.text(node, "'on_holiday'") {
                let rules = RepeatSegment.HolidayRule.allCases.map(\.rawValue)
                if let found = RepeatSegment.HolidayRule(rawValue: rule.value) {
                    onHoliday = found
                } else {
                    reader.error("'on_holiday' is one of \(Suggestions.list(rules, conjunction: "or")), not '\(rule.value)'\(Suggestions.didYouMean(rule.value, among: rules))", at: node.location, length: rule.value.count)
                }
            }
            let from = keys["from"].flatMap { reader.expression($0, "'from'") }
            guard let every, let limit else { return nil }
            return RepeatSegment(every: every, limit: limit, from: from, onHoliday: onHoliday, location: segment.location)
        }
    }

    /// An invalid id as written, so reading goes on and every other problem is reported.
    private func standIn(_ node: Node) -> Located<String>? {
        node.text.map { Located($0, at: node.location) }
    }

    private mutating func checkUnique(_ values: [Located<String>], what: String) {
        var seen: [String: SourceLocation?] = [:]
        for value in values {
            if let first = seen[value.value] {
                reader.error("\(what) '\(value.value)' is listed twice", at: value.location, length: value.value.count, notes: [Diagnostic.Note("first listed here", at: first)])
            } else {
                seen[value.value] = value.location
            }
        }
    }
}
