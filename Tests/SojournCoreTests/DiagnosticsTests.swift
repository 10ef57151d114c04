import SojournCore
import SojournKit
import Testing

/// One test per kind of problem `sojourn validate` reports, with exact positions.
@Suite struct DiagnosticsTests {
    /// A valid workflow to start from; tests change one thing in it.
    static let base = """
        workflow: demo
        fields:
          departure: {type: date, required: true}
          level: {type: choice, options: [analyst, manager]}
        roles: [employee, mentor]
        phases:
          - id: before
            start: departure - 8w
            steps:
              - id: questions
                uses: task
                owner: employee
                due: departure - 6w
          - id: during
            steps:
              - id: sessions
                uses: task
                repeat: {every: 1w, count: 4}

        """

    static func variant(_ replacements: (String, String)...) -> String {
        var text = base
        for (old, new) in replacements {
            precondition(text.contains(old), "the base has no \(old)")
            text = text.replacing(old, with: new)
        }
        return text
    }

    @Test func theBaseIsValid() {
        #expect(TestSupport.headlines(Self.base) == [])
    }

    @Test func yamlSyntaxError() {
        #expect(TestSupport.diagnostics(Self.variant(("roles: [employee, mentor]", "roles: [employee, mentor"))) == """
            wf.yaml:6:7: error: invalid YAML: did not find expected ',' or ']'
            phases:
                  ^
            wf.yaml:5:8: note: while parsing a flow sequence that starts here
            roles: [employee, mentor
                   ^

            """)
    }

    @Test func duplicateKey() {
        #expect(TestSupport.diagnostics(Self.variant(("        due: departure - 6w\n", "        due: departure - 6w\n        due: departure - 5w\n"))) == """
            wf.yaml:14:9: error: duplicate key 'due' in this mapping; each key may appear once
                    due: departure - 5w
                    ^~~
            wf.yaml:13:9: note: first defined here
                    due: departure - 6w
                    ^

            """)
    }

    @Test func unknownKeysAtEveryLevel() {
        let text = Self.variant(
            ("workflow: demo", "workflow: demo\ntitel: Demo"),
            ("{type: date, required: true}", "{type: date, requried: true}"),
            ("    start: departure - 8w", "    strat: departure - 8w"),
            ("        owner: employee", "        onwer: employee"),
            ("{every: 1w, count: 4}", "{every: 1w, cuont: 4}"))
        #expect(TestSupport.headlines(text) == [
            "wf.yaml:2:1: error: unknown key 'titel' in a workflow; did you mean 'title'?",
            "wf.yaml:4:27: error: unknown key 'requried' in a field; did you mean 'required'?",
            "wf.yaml:9:5: error: unknown key 'strat' in a phase; did you mean 'start'?",
            "wf.yaml:13:9: error: unknown key 'onwer' in a step; did you mean 'owner'?",
            "wf.yaml:19:29: error: unknown key 'cuont' in a repeat segment; did you mean 'count'?",
            "wf.yaml:19:17: error: a repeat segment needs one of 'for', 'count' or 'until' to say when it ends",
        ].sorted(by: byPosition))
    }

    @Test func missingRequiredKeys() {
        #expect(TestSupport.headlines("workflow: demo\n") == ["wf.yaml:1:1: error: a workflow needs 'phases'"])
        #expect(TestSupport.headlines(Self.variant(("        uses: task\n        owner", "        owner"))) == [
            "wf.yaml:10:9: error: a step needs 'uses'",
        ])
    }

    @Test func wrongTypes() {
        let text = Self.variant(
            ("workflow: demo", "workflow: demo\nversion: two"),
            ("required: true", "required: yes"),
            ("roles: [employee, mentor]", "roles: {employee: x}"))
        #expect(TestSupport.diagnostics(text) == """
            wf.yaml:2:10: error: 'version' must be a whole number, found text 'two'
            version: two
                     ^~~
            wf.yaml:4:37: error: 'required' must be true or false, found text 'yes'; write true or false
              departure: {type: date, required: yes}
                                                ^~~
            wf.yaml:6:8: error: 'roles' must be a list of role names, such as [employee, mentor, hr], found a mapping
            roles: {employee: x}
                   ^

            """)
    }

    @Test func invalidAndDuplicateIds() {
        let text = Self.variant(("id: before", "id: Before Departure"), ("id: sessions", "id: questions"), ("level:", "today:"))
        #expect(TestSupport.headlines(text) == [
            "wf.yaml:4:3: error: 'today' cannot be used as field name: it has a meaning of its own in conditions and dates",
            "wf.yaml:7:9: error: 'Before Departure' is not a valid phase id; use lowercase letters, digits, '-' and '_', starting with a letter, such as 'before-departure'",
            "wf.yaml:16:13: error: step id 'questions' is used twice; ids must be unique in the workflow",
        ])
    }

    @Test func unknownReferences() {
        let text = Self.variant(
            ("        owner: employee", "        owner: mentr\n        after: [sesions]"),
            ("  - id: during\n", "  - id: during\n    after: [befor]\n"),
            ("uses: task\n        repeat", "uses: taks\n        repeat"))
        #expect(TestSupport.diagnostics(text) == """
            wf.yaml:12:16: error: unknown role 'mentr'; did you mean 'mentor'?
                    owner: mentr
                           ^~~~~
            wf.yaml:13:17: error: unknown step 'sesions'; did you mean 'sessions'? It is in phase 'during', and 'after:' names steps of the same phase
                    after: [sesions]
                            ^~~~~~~
            wf.yaml:16:13: error: unknown phase 'befor'; did you mean 'before'?
                after: [befor]
                        ^~~~~
            wf.yaml:19:15: error: unknown plugin 'taks'; did you mean 'task'?
                    uses: taks
                          ^~~~

            """)
    }

    @Test func stepFromAnotherPhaseInAfter() {
        let text = Self.variant(("uses: task\n        repeat", "uses: task\n        after: [questions]\n        repeat"))
        #expect(TestSupport.headlines(text) == [
            "wf.yaml:18:17: error: step 'questions' is in phase 'before'; 'after:' names steps of the same phase (to wait for another phase, use the phase's 'after:' or 'start: questions.done')",
        ])
    }

    @Test func badDurationsDatesAndExpressions() {
        let text = Self.variant(
            ("start: departure - 8w", "start: departure - 8x"),
            ("due: departure - 6w", "due: 2027-02-30"),
            ("uses: task\n        repeat", "uses: task\n        when: level = \"manager\"\n        repeat"))
        #expect(TestSupport.diagnostics(text) == """
            wf.yaml:8:24: error: unknown unit 'x' in duration '8x'; use d (days), w (weeks), mo (months), y (years) or bd (business days)
                start: departure - 8x
                                   ^~
            wf.yaml:13:14: error: '2027-02-30' is not a date; write YYYY-MM-DD, for example 2027-01-15
                    due: 2027-02-30
                         ^~~~~~~~~~
            wf.yaml:18:21: error: use '==' to compare
                    when: level = "manager"
                                ^

            """)
    }

    @Test func typeErrorsInExpressions() {
        let text = Self.variant(
            ("due: departure - 6w", "due: departure - 6"),
            ("uses: task\n        repeat", "uses: task\n        when: level == \"manger\" or questions.done > 3\n        start: level\n        repeat"))
        #expect(TestSupport.headlines(text) == [
            "wf.yaml:13:26: error: '6' needs a unit: write 6d, 6w, 6mo, 6y or 6bd",
            "wf.yaml:18:24: error: 'manger' is not an option of 'level'; did you mean 'manager'?; its options are 'analyst' or 'manager'",
            "wf.yaml:18:51: error: '>' compares two numbers or two dates, not a date and a number",
            "wf.yaml:19:16: error: the 'start' of step 'sessions' must be a date such as departure - 6w; this is text",
        ])
    }

    @Test func unknownNamesAndOutputs() {
        let text = Self.variant(("uses: task\n        repeat", "uses: task\n        when: questions.dne != null and departure-1w > departure and levle == \"analyst\"\n        repeat"))
        #expect(TestSupport.headlines(text) == [
            "wf.yaml:18:25: error: step 'questions' (task) has no output 'dne'; it has 'count', 'started', 'done', 'done_by', 'note' and 'checked'; did you mean 'done'?",
            "wf.yaml:18:41: error: unknown name 'departure-1w'; put spaces around '-' to subtract: departure - 1w",
            "wf.yaml:18:70: error: unknown name 'levle'; did you mean 'level'?",
        ])
    }

    @Test func pluginConfigurationErrorsArePositioned() {
        let text = Self.variant(("        due: departure - 6w\n", "        due: departure - 6w\n        with:\n          checklist: [Read, Read]\n          instructons: x\n"))
        #expect(TestSupport.headlines(text) == [
            "wf.yaml:15:29: error: checklist item 'Read' appears twice",
            "wf.yaml:16:11: error: unknown key 'instructons'; did you mean 'instructions'?",
        ])
        let duplicate = Self.variant(("        due: departure - 6w\n", "        due: departure - 6w\n        with:\n          checklist: [Read, Read]\n"))
        #expect(TestSupport.headlines(duplicate) == ["wf.yaml:15:29: error: checklist item 'Read' appears twice"])
    }

    @Test func dependencyCyclePrintsTheCycle() {
        let text = Self.variant(("  - id: before\n", "  - id: before\n    after: [during]\n"))
        #expect(TestSupport.diagnostics(text) == """
            wf.yaml:8:13: error: phase 'before' and phase 'during' wait for each other, so they can never start
                after: [during]
                        ^
            wf.yaml:8:13: note: phase 'before' starts only after phase 'during' finishes: 'after: during'
                after: [during]
                        ^
            wf.yaml:15:9: note: phase 'during' starts only after phase 'before' finishes: it comes after phase 'before'
              - id: during
                    ^

            """)
    }

    @Test func stepThatWaitsForItsOwnPhaseCanNeverStart() {
        let text = Self.variant(("        owner: employee\n", "        owner: employee\n        start: before.done\n"))
        #expect(TestSupport.headlines(text) == [
            "wf.yaml:13:16: error: step 'questions' and phase 'before' wait for each other, so they can never start",
        ])
    }

    @Test func dueBeforeStartIsAWarning() {
        let text = Self.variant(("due: departure - 6w", "due: departure - 9w\n        remind: [due - 1w]"))
        #expect(TestSupport.diagnostics(text) == """
            wf.yaml:13:14: warning: the due date (departure - 9w) is before step 'questions' can start (its phase's start, departure - 8w)
                    due: departure - 9w
                         ^~~~~~~~~~~~~~
            wf.yaml:14:18: warning: this reminder (due - 1w) is before step 'questions' can start (its phase's start, departure - 8w)
                    remind: [due - 1w]
                             ^~~~~~~~

            """)
        #expect(TestSupport.load(text).workflow != nil, "warnings do not make a workflow invalid")
    }

    @Test func ownDatesOnlyWhereTheyMeanSomething() {
        let text = Self.variant(("due: departure - 6w", "due: due + 1d\n        start: start"))
        #expect(TestSupport.headlines(text) == [
            "wf.yaml:13:14: error: 'due' can only be used in 'remind:' of a step; here it would refer to itself",
            "wf.yaml:14:16: error: 'start' can only be used in 'due:', 'remind:', 'until:', 'from:' or 'with:' of a step; here it would refer to itself",
        ])
    }

    @Test func calendarMustBeACountryFieldOrCode() {
        #expect(TestSupport.headlines(Self.variant(("workflow: demo", "workflow: demo\ncalendar: level"))) == [
            "wf.yaml:2:11: error: 'calendar' names field 'level', which is choice; it must be a country field",
        ])
        #expect(TestSupport.headlines(Self.variant(("workflow: demo", "workflow: demo\ncalendar: ZZ"))) == [
            "wf.yaml:2:11: error: 'calendar' must name a country field, a country code such as FR, or weekends, not 'ZZ'",
        ])
        #expect(TestSupport.headlines(Self.variant(("workflow: demo", "workflow: demo\ncalendar: PT")))[0].hasPrefix(
            "wf.yaml:2:11: error: there is no holiday calendar for PT at "))
        #expect(TestSupport.headlines(Self.variant(("workflow: demo", "workflow: demo\ncalendar: FR"))) == [])
    }

    @Test func businessDaysWithoutACalendarWarn() {
        #expect(TestSupport.headlines(Self.variant(("due: departure - 6w", "due: start + 5bd"))) == [
            "wf.yaml:13:14: warning: business days (bd) skip weekends only, because the workflow names no holiday calendar; add 'calendar: host_country' (a country field) or 'calendar: FR'",
        ])
    }

    @Test func choiceFieldsNeedOptions() {
        #expect(TestSupport.headlines(Self.variant(("{type: choice, options: [analyst, manager]}", "{type: choice}"))) == [
            "wf.yaml:4:17: error: choice field 'level' needs 'options', the values to choose from",
        ])
    }
}

private func byPosition(_ a: String, _ b: String) -> Bool {
    func key(_ s: String) -> (Int, Int) {
        let parts = s.split(separator: ":")
        return (Int(parts[1])!, Int(parts[2])!)
    }
    return key(a) < key(b)
}
