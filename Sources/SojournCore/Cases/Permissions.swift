import SojournKit

/// Who is acting in a command: a person, and, when an operator records for someone
/// else, whom for and why.
public struct Acting: Sendable, Hashable {
    /// Who acts, as given (`Name <email>`, an address, or a name the case knows).
    public var actor: String
    /// The person an operator acts for (`--on-behalf-of`).
    public var onBehalfOf: String?
    /// Why the operator acts for them (`--reason`).
    public var reason: String?

    public init(_ actor: String, onBehalfOf: String? = nil, reason: String? = nil) {
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.reason = reason
    }
}

/// Who may do what to one case.
///
/// An actor is a person the case knows (someone bound to one of its roles) or someone
/// in the roster, named by e-mail address, `Name <email>` or a name only they have.
/// Input for a step comes from the person in its owner role or in a role its plugin
/// names (`inputRoles`: approvers, people asked for feedback). The case is run (opened,
/// amended, reassigned, ended, held, resumed, cancelled, migrated; steps skipped,
/// postponed, retried; input recorded for someone else, with a reason) by its
/// operators: the people in the roles the workflow's `operators:` names, or anyone the
/// case knows when it names none. Private input is read by its authors and the
/// workflow's `private_readers:`.
struct Permissions {
    let workflow: Workflow
    /// The case's people by role.
    let people: [String: String]
    /// The case's field values: people named in person fields are known too.
    let fields: [String: PluginValue]
    let roster: [RosterPerson]
    /// The case, for messages (`case k7m2q9`), or `nil` for one being opened.
    let caseID: String?

    /// What a change needs of its actor.
    enum Need {
        /// Input for a step (`record`).
        case input(Step)
        /// Skipping or postponing a step: its input-givers or an operator.
        case manage(Step, String)
        /// Running the case (`amend`, `end`, `hold`…).
        case operate(String)
    }

    /// The person `text` names, as `Name <email>` (or the name, for someone without an
    /// address), or a refusal that lists who is known.
    func identify(_ text: String, as what: String = "--by") throws(ServiceError) -> String {
        let given = text.trimmingSpaces
        let matches: [String]
        if let email = PersonText.email(given)?.lowercased() {
            // An address names one person: the case's people are looked at first, and the
            // roster (which may be large; this runs for every line of an import) only
            // when none of them has it.
            let isTheirs = { (person: String) in PersonText.email(person)?.lowercased() == email }
            let onCase = casePeople.filter(isTheirs)
            matches = onCase.isEmpty ? roster.filter { $0.email.lowercased() == email }.map { "\($0.name) <\($0.email)>" } : onCase
        } else {
            // A name may be shared: everyone is looked at, so that two are told apart.
            matches = (casePeople + roster.map { "\($0.name) <\($0.email)>" }).filter { PersonText.name($0).lowercased() == given.lowercased() }
        }
        let distinct = matches.reduce(into: [String]()) { found, person in
            if !found.contains(where: { PersonText.same($0, person) }) { found.append(person) }
        }
        if distinct.count == 1 { return distinct[0] }
        if distinct.count > 1 {
            throw ServiceError("\(what) '\(given)' could be \(Self.listed(distinct)); give the e-mail address")
        }
        let onCase = people.sorted { $0.key < $1.key }.map { "\($0.value) (\($0.key))" }
        let place = caseID.map { "case \($0)" } ?? "the new case"
        let who = onCase.isEmpty ? "\(place) has nobody in a role yet" : "the people on \(place) are \(onCase.joined(separator: ", "))"
        let roster = self.roster.isEmpty ? "" : ", and \(self.roster.count) in the roster (sojourn people list)"
        throw ServiceError("\(what) '\(given)' is not anyone Sojourn knows here: \(who)\(roster). Say who you are with --by 'Name <email>' or $SOJOURN_ACTOR")
    }

    /// The people the case knows: those in its roles, then those its person fields name.
    private var casePeople: [String] {
        people.sorted { $0.key < $1.key }.map(\.value)
            + workflow.fields.filter { $0.type == .person }.compactMap { fields[$0.name.value]?.text }
    }

    /// The operators of the case: role and person, for those roles someone holds.
    var operators: [(role: String, person: String)] {
        workflow.operators.compactMap { role in people[role.value].map { (role.value, $0) } }
    }

    /// Whether `person` may run the case.
    func isOperator(_ person: String) -> Bool {
        workflow.operators.isEmpty ? true : operators.contains { PersonText.same($0.person, person) }
    }

    /// Who may run the case, for messages: `only Hana Ho <…> (hr) may`, or what to do
    /// when nobody holds an operator role yet.
    private var operatorsMay: String {
        if workflow.operators.isEmpty { return "anyone on the case may" }
        let held = operators.map { "\($0.person) (\($0.role))" }
        let roles = workflow.operators.map(\.value)
        guard held.isEmpty else { return "only \(Self.listed(held)) may" }
        return "only the workflow's operators (\(roles.joined(separator: ", "))) may, and nobody holds \(roles.count == 1 ? "that role" : "those roles") in \(caseID.map { "case \($0)" } ?? "it"): name one with --role \(roles[0])='Name <email>'"
    }

    /// Checks that `acting` may do what `need` asks, and says who acts.
    ///
    /// - Returns: the actor as stored, and the delegation when an operator acts for
    ///   someone else (the engine journals it).
    func authorize(_ acting: Acting, for need: Need) throws(ServiceError) -> (actor: String, delegation: CaseEngine.Delegation?) {
        let actor = try identify(acting.actor)
        if let other = acting.onBehalfOf {
            guard case .input(let step) = need else {
                throw ServiceError("--on-behalf-of is for recording someone's input; for this, act as yourself")
            }
            guard !workflow.operators.isEmpty else {
                throw ServiceError("the workflow names no operators, so nobody records for someone else; add 'operators: [hr]' to it, or have \(holders(of: step)) record it")
            }
            guard isOperator(actor) else {
                throw ServiceError("\(actor) is not an operator of \(caseID.map { "case \($0)" } ?? "this case"), so cannot record for someone else; \(operatorsMay)")
            }
            guard let reason = acting.reason, !reason.allSatisfy(\.isWhitespace) else {
                throw ServiceError("say why you record for them: --reason \"…\"")
            }
            let person = try identify(other, as: "--on-behalf-of")
            guard mayGiveInput(person, to: step) else {
                throw ServiceError("\(person) gives no input to \(step.id.value): \(holders(of: step)) \(rolesHeld(of: step).count == 1 ? "does" : "do")")
            }
            return (person, CaseEngine.Delegation(operator: actor, person: person, reason: reason))
        }
        switch need {
        case .input(let step):
            if mayGiveInput(actor, to: step) { return (actor, nil) }
            // A step nobody holds a role for is recorded by an operator.
            if rolesHeld(of: step).isEmpty, isOperator(actor) { return (actor, nil) }
            let instead: String
            if workflow.operators.isEmpty {
                instead = ""
            } else if isOperator(actor) {
                instead = "; as an operator, record it for them with --on-behalf-of PERSON --reason TEXT"
            } else if operators.isEmpty {
                instead = ""
            } else {
                instead = "; an operator (\(Self.listed(operators.map { "\($0.person) (\($0.role))" }))) may record it for them"
            }
            let who = rolesHeld(of: step).isEmpty ? "nobody holds its roles yet; \(operatorsMay)" : "only \(holders(of: step)) may"
            throw ServiceError("\(actor) may not record input for \(step.id.value): \(who)\(instead)")
        case .manage(let step, let what):
            guard mayGiveInput(actor, to: step) || isOperator(actor) else {
                throw ServiceError("\(actor) may not \(what): \(holders(of: step)) may, or an operator: \(operatorsMay)")
            }
            return (actor, nil)
        case .operate(let what):
            guard isOperator(actor) else {
                throw ServiceError("\(actor) may not \(what): \(operatorsMay)")
            }
            return (actor, nil)
        }
    }

    /// Checks that `actor` may read a step's private input: they gave some of it
    /// (`authors`: who recorded it, and whom an operator recorded it for), or they hold
    /// a role the workflow's `private_readers:` names.
    ///
    /// - Returns: the reader as the case knows them.
    func authorizeReading(privateInputOf step: String, by actor: String, authors: [String]) throws(ServiceError) -> String {
        let reader = try identify(actor)
        let readers = workflow.privateReaders.compactMap { role in people[role.value].map { (role: role.value, person: $0) } }
        if authors.contains(where: { PersonText.same($0, reader) }) || readers.contains(where: { PersonText.same($0.person, reader) }) { return reader }
        var who = Array(Set(authors)).sorted().map { "\($0) (who recorded it)" } + readers.map { "\($0.person) (\($0.role))" }
        if who.isEmpty { who = ["its authors"] }
        let roles = workflow.privateReaders.isEmpty ? "; the workflow names no private_readers" : ""
        throw ServiceError("\(reader) may not read the private input of \(step): only \(Self.listed(who)) may\(roles)")
    }

    /// The roles that give a step's input: its owner, then what its plugin names.
    private func inputRoles(of step: Step) -> [String] {
        var roles = step.owner.map { [$0.value] } ?? []
        for role in step.configuration?.inputRoles ?? [] where !roles.contains(role) { roles.append(role) }
        return roles
    }

    private func rolesHeld(of step: Step) -> [(role: String, person: String)] {
        inputRoles(of: step).compactMap { role in people[role].map { (role, $0) } }
    }

    private func mayGiveInput(_ person: String, to step: Step) -> Bool {
        rolesHeld(of: step).contains { PersonText.same($0.person, person) }
    }

    private func holders(of step: Step) -> String {
        let held = rolesHeld(of: step).map { "\($0.person) (\($0.role))" }
        return held.isEmpty ? "nobody yet" : Self.listed(held)
    }

    /// `A`, `A or B`, `A, B or C`.
    static func listed(_ items: [String], conjunction: String = "or") -> String {
        guard let last = items.last, items.count > 1 else { return items.joined() }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
