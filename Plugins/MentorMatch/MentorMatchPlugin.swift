import Foundation
public import SojournKit

/// Pairs the employee with a mentor (or a coach, or a mentee) from the roster: hard
/// filters, then weighted preferences scored 0 to 100 with a breakdown per criterion.
public struct MentorMatchPlugin: StepPlugin {
    /// A hard filter every candidate must pass.
    public enum Filter: String, Decodable, Sendable, CaseIterable {
        case active
        case freeCapacity = "free-capacity"
        case notManager = "not-manager"
        case notPreviousPairing = "not-previous-pairing"
        case notEmployee = "not-employee"
        case hasBeenAbroad = "has-been-abroad"
        case neverAbroad = "never-abroad"
        /// Is, or has been, on assignment in the case's host country.
        case hostExperience = "host-experience"
    }

    /// A preference, weighted.
    public enum Preference: String, CodingKey, Sendable, CaseIterable {
        case currentHost = "current-host", previousHost = "previous-host", homeOffice = "home-office"
        case language, overlap, otherUnit = "other-unit"

        var summary: String {
            switch self {
            case .currentHost: "on assignment in the host country now"
            case .previousHost: "has been on assignment in the host country"
            case .homeOffice: "works in the employee's home country"
            case .language: "speaks one of the employee's languages"
            case .overlap: "working hours overlap across time zones"
            case .otherUnit: "works in another business unit"
            }
        }
    }

    /// What the criteria read: a case field (`spoken`) or another step's output
    /// (`intake.languages`).
    public struct Fields: Decodable, Sendable {
        public var employee: Located<String>?
        public var manager: Located<String>?
        public var hostCountry: Located<String>?
        public var homeCountry: Located<String>?
        public var languages: Located<String>?
        public var timezone: Located<String>?
        public var unit: Located<String>?

        enum CodingKeys: String, CodingKey {
            case employee, manager, hostCountry = "host_country", homeCountry = "home_country", languages, timezone, unit
        }
    }

    public struct Configuration: Decodable, Sendable {
        /// The role to bind (default `mentor`).
        public var role: Located<String>?
        /// Bind the best candidate at once (default false: HR chooses from the ranking).
        public var auto: Bool?
        public var must: [Located<Filter>]?
        /// Weights by preference.
        public var prefer: [String: Located<Int>]?
        /// How many candidates to show HR (default 5).
        public var shortlist: Located<Int>?
        /// With `auto`: the lowest score bound without HR; below it HR chooses.
        public var minScore: Located<Int>?
        /// Field names, when the workflow's differ from the defaults.
        public var fields: Fields?

        var bindsRole: String { role?.value ?? "mentor" }

        enum CodingKeys: String, CodingKey {
            case role, auto, must, prefer, shortlist, minScore = "min_score", fields
        }
    }

    public struct Input: Decodable, Sendable {
        /// The chosen person's email.
        public var choose: Located<String>
    }

    public static let name = "mentor-match"
    public static let summary = "Pairs the employee with a mentor (or coach, or mentee) from the roster, by filters and weighted preferences."
    public static let keyDescriptions = [
        "role": "The role to bind: mentor (default), coach, or mentee for reverse mentoring.",
        "auto": "Bind the best candidate at once (default false: HR chooses from the ranked list).",
        "must": "Hard filters: active, free-capacity, not-manager, not-previous-pairing, not-employee, has-been-abroad, never-abroad, host-experience.",
        "min_score": "With auto: the lowest score bound without HR; a best candidate below it is left for HR to choose (default 0).",
        "prefer": "Weights of preferences: current-host, previous-host, home-office, language, overlap, other-unit (default: current-host and previous-host, 50 each).",
        "shortlist": "How many ranked candidates HR sees (default 5).",
        "fields": "What the criteria read, when not the fields employee, manager, host_country, home_country, languages, timezone, unit: another field, or a step's output (intake.languages).",
    ]

    static let defaultFilters: [Filter] = [.active, .freeCapacity, .notEmployee]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if let role = configuration.role { context.checkRole(role) }
        let names = Preference.allCases.map(\.rawValue)
        for (name, weight) in configuration.prefer ?? [:] {
            if Preference(stringValue: name) == nil {
                context.error("unknown preference '\(name)'\(Suggestions.didYouMean(name, among: names)); use \(Suggestions.list(names))", at: weight.location)
            }
            if !(0...1000).contains(weight.value) { context.error("a weight is a whole number from 0 to 1000, not \(weight.value)", at: weight.location) }
        }
        if let shortlist = configuration.shortlist, !(1...1000).contains(shortlist.value) { context.error("'shortlist' is from 1 to 1000, not \(shortlist.value)", at: shortlist.location) }
        if let minimum = configuration.minScore, !(0...100).contains(minimum.value) { context.error("'min_score' is a score from 0 to 100, not \(minimum.value)", at: minimum.location) }
        // Each criterion reads a case field; say which one is missing, where it is used.
        let fields = configuration.fields
        func require(_ name: Located<String>?, _ fallback: String, for criterion: String, at location: SourceLocation?) {
            // Another step's output: the step must exist (and come before this one).
            if let name, let dot = name.value.firstIndex(of: ".") {
                let step = String(name.value[..<dot])
                guard !context.stepIDs.contains(step) else { return }
                context.error("'\(name.value)' reads an output of step '\(step)', which the workflow does not have\(Suggestions.didYouMean(step, among: context.stepIDs))", at: name.location)
                return
            }
            let field = name?.value ?? fallback
            guard context.fieldNames.contains(field) else {
                context.error("'\(criterion)' reads field '\(field)', which the workflow does not have; add the field, or name yours (or a step's output, such as intake.\(fallback)) under 'fields: {\(fallback): …}'", at: name?.location ?? location)
                return
            }
            if let name, let kinds = Self.fieldKinds[fallback] { context.checkField(name, kinds: kinds) }
        }
        require(fields?.employee, "employee", for: "mentor-match", at: nil)
        for filter in configuration.must ?? [] where filter.value == .notManager {
            require(fields?.manager, "manager", for: filter.value.rawValue, at: filter.location)
        }
        for filter in configuration.must ?? [] where filter.value == .hostExperience {
            require(fields?.hostCountry, "host_country", for: filter.value.rawValue, at: filter.location)
        }
        for (name, weight) in configuration.prefer ?? [:] {
            switch Preference(stringValue: name) {
            case .currentHost?, .previousHost?: require(fields?.hostCountry, "host_country", for: name, at: weight.location)
            case .homeOffice?: require(fields?.homeCountry, "home_country", for: name, at: weight.location)
            case .language?: require(fields?.languages, "languages", for: name, at: weight.location)
            case .overlap?: require(fields?.timezone, "timezone", for: name, at: weight.location)
            case .otherUnit?: require(fields?.unit, "unit", for: name, at: weight.location)
            case nil: break
            }
        }
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("matched", .text, "Who was bound to the role."),
            OutputDescription("score", .number, "Their score, 0 to 100."),
            OutputDescription("candidates", .number, "How many people passed the filters."),
        ]
    }

    // MARK: - Running

    public static func start(_ context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        let ranking = Ranking(context)
        if context.configuration.auto == true, let best = ranking.best.first, best.score >= (context.configuration.minScore?.value ?? 0) {
            return .completed(outputs(best, ranking), details: details(ranking)).binding(context.configuration.bindsRole, to: best.person.person)
        }
        return waiting(ranking, context)
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        var ranking = Ranking(context)
        let email = input.choose.value.lowercased()
        guard let person = context.roster.people().first(where: { $0.email.lowercased() == email }) else {
            throw InputProblem("\(input.choose.value) is not on the roster; choose one of \(Suggestions.list(ranking.best.prefix(5).map(\.person.email)))", key: "choose")
        }
        guard let chosen = ranking.candidate(person) else {
            throw InputProblem("\(input.choose.value) does not pass the filters (\(ranking.filters.map(\.rawValue).joined(separator: ", "))) or is at capacity; choose one of \(Suggestions.list(ranking.best.prefix(5).map(\.person.email)))", key: "choose")
        }
        return .completed(outputs(chosen, ranking), details: details(ranking)).binding(context.configuration.bindsRole, to: chosen.person.person)
    }

    /// Called when the step is overdue: the ranking may have changed.
    public static func timePassed(_ context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome? {
        waiting(Ranking(context), context)
    }

    private static func waiting(_ ranking: Ranking, _ context: StepContext<Configuration>) -> StepOutcome {
        let shown = ranking.best.prefix(context.configuration.shortlist?.value ?? 5)
        let below = context.configuration.auto == true ? context.configuration.minScore.map { " (none scores \($0.value) or more)" } ?? "" : ""
        let prompt = shown.isEmpty
            ? "No one on the roster passes the filters (\(ranking.filters.map(\.rawValue).joined(separator: ", "))): nobody was bound; import the roster (sojourn people import), or relax 'must'"
            : "Choose a \(context.configuration.bindsRole)\(below): " + shown.map { "\($0.person.email) (\($0.score))" }.joined(separator: ", ")
        return .waiting(for: InputRequest(prompt, fields: [InputField("choose", "email", required: true, "The chosen person's email.")]),
                        outputs: ["candidates": .number(Double(ranking.count))])
    }

    private static func outputs(_ chosen: Candidate, _ ranking: Ranking) -> [String: PluginValue] {
        ["matched": .text(chosen.person.person), "score": .number(Double(chosen.score)), "candidates": .number(Double(ranking.count))]
    }

    /// The ranking behind a choice, for the history: the ten best, with their breakdown.
    private static func details(_ ranking: Ranking) -> [String: PluginValue] {
        ["ranking": .list(ranking.best.prefix(10).map(\.value))]
    }

    // MARK: - Ranking

    struct Candidate {
        var person: RosterPerson
        var score: Int
        var breakdown: [(Preference, Int)]

        var value: PluginValue {
            .object([
                "person": .text(person.person), "score": .number(Double(score)),
                "breakdown": .object(Dictionary(uniqueKeysWithValues: breakdown.map { ($0.0.rawValue, .number(Double($0.1))) })),
            ])
        }
    }

    /// The types a field named under `fields:` must have, by what it stands for.
    static let fieldKinds: [String: Set<FieldKind>] = [
        "employee": [.person, .email], "manager": [.person, .email], "host_country": [.country], "home_country": [.country],
        "languages": [.list, .text, .choice], "timezone": [.timezone], "unit": [.text, .choice],
    ]

    static func field(_ context: StepContext<Configuration>, _ name: Located<String>?, _ fallback: String) -> PluginValue? {
        guard let name = name?.value else { return context.fields[fallback] }
        if let dot = name.firstIndex(of: ".") {
            return context.steps[String(name[..<dot])]?.outputs[String(name[name.index(after: dot)...])]
        }
        return context.fields[name]
    }

    static func email(_ value: PluginValue?) -> String? {
        guard case .text(let text)? = value else { return nil }
        return PersonText.email(text)?.lowercased()
    }

    /// Everyone who passes the filters, scored: how many, and the best few in order
    /// (score, then name). People are scored without keeping a breakdown; only the best
    /// get one, so a roster of a hundred thousand ranks in milliseconds.
    struct Ranking {
        let context: StepContext<Configuration>
        let filters: [Filter]
        let role: String
        let employee: String
        let manager: String?
        let host: String?
        let home: String?
        let languages: [String]
        let timezone: String?
        let unit: String?
        let weights: [(Preference, Int)]
        let total: Int
        let today: CalendarDate
        let elsewhere: Set<String>
        /// Open pairings in the role by lowercased email, when the roster gives them at once.
        let loads: [String: Int]?
        /// The filters that need no lookup first, then the rest.
        let orderedFilters: [Filter]
        /// How many passed the filters.
        private(set) var count = 0
        /// The best, best first.
        private(set) var best: [Candidate] = []
        private var overlaps: [String: Double] = [:]

        /// How many of the best to keep: enough for the history's ten and HR's shortlist.
        var keep: Int { max(10, context.configuration.shortlist?.value ?? 5) }

        init(_ context: StepContext<Configuration>) {
            self.context = context
            let configuration = context.configuration
            let fields = configuration.fields
            filters = configuration.must?.map(\.value) ?? defaultFilters
            role = configuration.bindsRole
            employee = email(field(context, fields?.employee, "employee")) ?? ""
            manager = email(field(context, fields?.manager, "manager"))
            host = field(context, fields?.hostCountry, "host_country")?.text
            home = field(context, fields?.homeCountry, "home_country")?.text
            languages = {
                switch field(context, fields?.languages, "languages") {
                case .list(let items)?: return items.compactMap(\.text).map { $0.lowercased() }
                case .text(let text)?: return [text.lowercased()]
                default: return []
                }
            }()
            timezone = field(context, fields?.timezone, "timezone")?.text
            unit = field(context, fields?.unit, "unit")?.text
            weights = (configuration.prefer ?? ["current-host": .init(50), "previous-host": .init(50)])
                .compactMap { name, weight in Preference(stringValue: name).map { ($0, weight.value) } }
                .sorted { $0.0.rawValue < $1.0.rawValue }
            // Weights are bounded when the workflow is validated; the sum cannot overflow.
            total = max(1, weights.reduce(0) { $0 &+ $1.1 })
            today = context.today
            // Whoever plays another role in the case is not a candidate for this one.
            elsewhere = Set(context.people.filter { $0.key != configuration.bindsRole }.compactMap { MentorMatchPlugin.email(.text($0.value)) } + [employee])
            loads = context.roster.openPairings(role: configuration.bindsRole)
            orderedFilters = filters.sorted { Self.cost($0) < Self.cost($1) }
            var scored: [(score: Int, person: RosterPerson)] = []
            for person in context.roster.people() {
                guard passes(person) else { continue }
                count += 1
                let score = points(person, keepingBreakdown: false).score
                // Keep the best `keep`, in order: (score, name) descending.
                guard scored.count < keep || isBetter(score, person, than: scored[scored.count - 1]) else { continue }
                let index = scored.firstIndex { isBetter(score, person, than: $0) } ?? scored.count
                scored.insert((score, person), at: index)
                if scored.count > keep { scored.removeLast() }
            }
            best = scored.map { candidate($0.person, score: $0.score) }
        }

        private func isBetter(_ score: Int, _ person: RosterPerson, than other: (score: Int, person: RosterPerson)) -> Bool {
            score != other.score ? score > other.score : person.name < other.person.name
        }

        /// The person as a candidate, if they pass the filters.
        mutating func candidate(_ person: RosterPerson) -> Candidate? {
            guard passes(person) else { return nil }
            return candidate(person, score: points(person, keepingBreakdown: false).score)
        }

        private mutating func candidate(_ person: RosterPerson, score: Int) -> Candidate {
            Candidate(person: person, score: score, breakdown: points(person, keepingBreakdown: true).breakdown)
        }

        /// How much a filter costs to check: flags first, lookups last.
        static func cost(_ filter: Filter) -> Int {
            switch filter {
            case .active, .hasBeenAbroad, .neverAbroad, .hostExperience: 0
            case .notEmployee, .notManager: 1
            case .freeCapacity: 2
            case .notPreviousPairing: 3
            }
        }

        func passes(_ person: RosterPerson) -> Bool {
            // The flags first: most of a large roster is turned away without a lookup.
            for filter in orderedFilters {
                switch filter {
                case .active: guard person.active else { return false }
                case .hasBeenAbroad: guard !person.assignments.isEmpty else { return false }
                case .neverAbroad: guard person.assignments.isEmpty else { return false }
                case .hostExperience: guard let host, person.assignments.contains(where: { $0.country == host }) else { return false }
                default: break
                }
            }
            let address = person.email.lowercased()
            guard !elsewhere.contains(address) else { return false }
            for filter in orderedFilters {
                switch filter {
                case .active, .hasBeenAbroad, .neverAbroad, .hostExperience: continue
                case .freeCapacity:
                    let load = loads.map { $0[address] ?? 0 } ?? context.roster.activePairings(of: person.email, role: role)
                    guard load < person.capacity else { return false }
                case .notManager: guard address != manager else { return false }
                case .notPreviousPairing: guard !context.roster.pairedBefore(person.email, role: role, employee: employee) else { return false }
                case .notEmployee: guard address != employee else { return false }
                }
            }
            return true
        }

        /// The score, 0 to 100, and (when asked) what each preference earned of it.
        mutating func points(_ person: RosterPerson, keepingBreakdown: Bool) -> (score: Int, breakdown: [(Preference, Int)]) {
            var breakdown: [(Preference, Int)] = []
            var points = 0.0
            for (preference, weight) in weights {
                let fraction: Double
                switch preference {
                case .currentHost:
                    fraction = person.assignments.contains { $0.country == host && $0.from <= today && ($0.to.map { $0 >= today } ?? true) } ? 1 : 0
                case .previousHost:
                    fraction = person.assignments.contains { $0.country == host && ($0.to.map { $0 < today } ?? false) } ? 1 : 0
                case .homeOffice:
                    fraction = person.country != nil && person.country == home ? 1 : 0
                case .language:
                    fraction = languages.contains { person.languages.contains($0) } ? 1 : 0
                case .overlap:
                    let zone = person.timezone ?? ""
                    if let known = overlaps[zone] {
                        fraction = known
                    } else {
                        fraction = MentorMatchPlugin.overlap(timezone, person.timezone, on: today)
                        overlaps[zone] = fraction
                    }
                case .otherUnit:
                    fraction = unit != nil && person.unit != nil && person.unit != unit ? 1 : 0
                }
                let earned = Double(weight) * fraction
                points += earned
                if keepingBreakdown { breakdown.append((preference, Int((earned * 100 / Double(total)).rounded()))) }
            }
            return (Int((points * 100 / Double(total)).rounded()), breakdown)
        }
    }

    /// How much of a 9-to-5 day two time zones share, from 0 to 1 (1 when either is unknown
    /// counts as no information: 0).
    static func overlap(_ a: String?, _ b: String?, on day: CalendarDate) -> Double {
        guard let a, let b, let zoneA = TimeZone(identifier: a), let zoneB = TimeZone(identifier: b) else { return 0 }
        let (year, month, date) = day.components
        var components = DateComponents()
        (components.year, components.month, components.day, components.hour) = (year, month, date, 12)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let noon = calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
        let hours = abs(Double(zoneA.secondsFromGMT(for: noon) - zoneB.secondsFromGMT(for: noon))) / 3600
        return max(0, 8 - hours) / 8
    }
}

extension StepOutcome {
    func binding(_ role: String, to person: String) -> StepOutcome {
        var copy = self
        copy.bind[role] = person
        return copy
    }
}
