public import SojournKit

/// The documents an assignment needs (passport, work permit, residence card), each with
/// an expiry that must last until a date the workflow gives (`valid_until: return +
/// 30d`), and a reminder to renew before the earliest one expires, sent after the step
/// has completed.
public struct VisaPlugin: StepPlugin {
    /// One document to hold.
    public struct Document: Decodable, Sendable {
        /// How it is named in input (`passport`).
        public var id: Located<String>
        /// How people call it (`Passport`).
        public var name: String
        /// When the document is needed, as a condition over the case (`host_country not in
        /// ["SE", "DK"]`); always, without one.
        public var when: Condition?
    }

    public struct Configuration: Decodable, Sendable {
        public var documents: [Document]
        /// Every document must be valid until this date, worked out for the case.
        public var validUntil: DateExpression
        /// How long before the earliest expiry to remind about renewing (default 60d).
        public var renewBefore: Located<String>?
        /// Who is reminded (default: the employee).
        public var notify: [Located<String>]?

        enum CodingKeys: String, CodingKey {
            case documents, validUntil = "valid_until", renewBefore = "renew_before", notify
        }

        /// How long before the earliest expiry the reminder goes.
        var renewalPeriod: Period {
            renewBefore.flatMap { VisaPlugin.period($0.value) } ?? Period(60, .days)
        }
    }

    /// One document's expiry, recorded when it is in hand.
    public struct Input: Decodable, Sendable {
        /// Which document (its id).
        public var document: Located<String>
        /// The last day it is valid.
        public var expires: CalendarDate
        /// Its number, if HR keeps it: private, stored apart from the history.
        public var number: String?
    }

    public struct State: PluginState {
        /// The expiry of each document recorded, by id.
        public var expiries: [String: CalendarDate] = [:]
        /// When the renewal reminder is due, once every document is recorded.
        public var renewBy: CalendarDate?
        /// Whether the renewal reminder went out.
        public var reminded = false
        public init() {}
    }

    public static let name = "visa"
    /// A document's number is personal: kept out of the case's history.
    public static let privateInputKeys: Set<String> = ["number"]
    public static let summary = "Documents the assignment needs, each valid until a date the workflow gives, with a reminder to renew before the first expires."
    public static let keyDescriptions = [
        "documents": "Each {id, name, when}: the documents to hold, such as {id: passport, name: Passport}; when: a condition over the case, for one needed only sometimes.",
        "valid_until": "A date every document must be valid until, such as return + 30d.",
        "renew_before": "How long before the earliest expiry to remind about renewing (default 60d).",
        "notify": "Roles reminded to renew (default [employee]).",
    ]

    /// What `sojourn report` shows for a visa step.
    public static let figures = [
        ReportFigure("cases with every document", .cases(having: "earliest_expiry")),
        ReportFigure("documents recorded", .sum("documents")),
    ]

    static func period(_ text: String) -> Period? {
        if case .success(let period) = Period.parse(text) { return period }
        return nil
    }

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if configuration.documents.isEmpty { context.error("'documents' needs at least one document", at: nil) }
        context.checkUnique(configuration.documents.map(\.id), what: "document id")
        for document in configuration.documents {
            if let when = document.when { context.check(when, scope: .caseWide) }
        }
        context.check(configuration.validUntil)
        if let renew = configuration.renewBefore, period(renew.value) == nil {
            context.error("'renew_before' is a duration such as 60d or 8w, not '\(renew.value)'", at: renew.location, length: renew.value.count)
        }
        for role in configuration.notify ?? [] { context.checkRole(role) }
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("documents", .number, "How many documents are recorded."),
            OutputDescription("earliest_expiry", .date, "The first expiry among the documents, once every document is recorded."),
            OutputDescription("renew_by", .date, "When the renewal reminder goes: the earliest expiry less renew_before."),
        ]
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        .waiting(for: request(context, state))
    }

    /// The documents this case needs: those without `when:`, and those whose condition
    /// holds (or cannot be worked out yet: better asked for than missed).
    static func needed(_ context: StepContext<Configuration>) -> [Document] {
        context.configuration.documents.filter { document in
            document.when.map { context.holds($0) ?? true } ?? true
        }
    }

    static func request(_ context: StepContext<Configuration>, _ state: State) -> InputRequest {
        let missing = needed(context).filter { state.expiries[$0.id.value] == nil }.map(\.id.value)
        let until = context.date(of: context.configuration.validUntil).map { (missing.count > 1 ? ", each valid until " : ", valid until ") + "\($0)" } ?? ""
        return InputRequest("Record the expiry of: \(missing.joined(separator: ", "))\(until)", fields: [
            InputField("document", "text", required: true, "Which document: " + context.configuration.documents.map(\.id.value).joined(separator: ", ")),
            InputField("expires", "date", required: true, "The last day it is valid."),
            InputField("number", "text", "Its number (private: kept out of the history)."),
        ])
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        let ids = configuration.documents.map(\.id.value)
        guard ids.contains(input.document.value) else {
            return [InputProblem("there is no document '\(input.document.value)'; the documents are \(Suggestions.list(ids, conjunction: "and"))\(Suggestions.didYouMean(input.document.value, among: ids))", key: "document")]
        }
        return []
    }

    /// A document valid long enough is recorded; the step completes when all are, and
    /// asks to be woken when the renewal reminder is due.
    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        if let until = context.date(of: context.configuration.validUntil), input.expires < until {
            throw InputProblem("the \(input.document.value) expires on \(input.expires), before \(until) (\(context.configuration.validUntil.text)); renew it, then record the new expiry", key: "expires")
        }
        state.expiries[input.document.value] = input.expires
        guard needed(context).allSatisfy({ state.expiries[$0.id.value] != nil }) else {
            return .waiting(for: request(context, state), outputs: ["documents": .number(Double(state.expiries.count))])
        }
        let outputs = summary(context, state)
        var outcome = StepOutcome.completed(outputs)
        if case .date(let renewBy)? = outputs["renew_by"] {
            state.renewBy = renewBy
            if renewBy > context.today { outcome.wakeUp = renewBy }
        }
        return outcome
    }

    static func summary(_ context: StepContext<Configuration>, _ state: State) -> [String: PluginValue] {
        var outputs: [String: PluginValue] = ["documents": .number(Double(state.expiries.count))]
        if let earliest = state.expiries.values.min() {
            outputs["earliest_expiry"] = .date(earliest)
            if let renewBy = try? context.configuration.renewalPeriod.apply(to: earliest, sign: -1, calendar: context.businessCalendar) {
                outputs["renew_by"] = .date(renewBy)
            }
        }
        return outputs
    }

    /// Runs on the renewal date asked for on completion, and also when the step's due date
    /// passes: only the first, once, reminds who the workflow says (an overdue step stays
    /// overdue).
    public static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome? {
        guard let renewBy = state.renewBy, context.today >= renewBy, !state.reminded,
              let (id, expiry) = state.expiries.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { return nil }
        state.reminded = true
        let name = context.configuration.documents.first { $0.id.value == id }?.name ?? id
        let to = context.configuration.notify?.map(\.value) ?? ["employee"]
        var outcome = StepOutcome.completed(summary(context, state))
        outcome.messages = [OutgoingMessage(to: to, subject: "Renew your \(name.lowercased())", body: "Your \(name.lowercased()) expires on \(expiry). Start the renewal now, then record the new expiry with HR.")]
        return outcome
    }
}
