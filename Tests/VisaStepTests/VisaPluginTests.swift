import SojournKit
import SojournKitTesting
import Testing
import VisaStep

@Suite struct VisaConfigurationTests {
    let settings = """
        documents:
          - {id: passport, name: Passport}
          - {id: permit, name: Work permit}
        valid_until: return + 30d
        renew_before: 8w
        notify: [employee, hr]
        """

    @Test func acceptsDocumentsADateExpressionAndADuration() {
        #expect(PluginHarness<VisaPlugin>.configure(settings, fields: ["employee", "return"]).diagnostics == [])
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let result = PluginHarness<VisaPlugin>.configure("""
            documents:
              - {id: passport, name: Passport}
              - {id: passport, name: Passport again}
            valid_until: retrun + 30d
            renew_before: soon
            notify: [employe]
            """, fields: ["employee", "return"])
        #expect(result.diagnostics == [
            "with.yaml:3:10: error: document id 'passport' appears twice",
            "with.yaml:4:14: error: unknown name 'retrun'; did you mean 'return'?",
            "with.yaml:5:15: error: 'renew_before' is a duration such as 60d or 8w, not 'soon'",
            "with.yaml:6:10: error: unknown role 'employe'; the workflow's roles are 'employee', 'mentor', 'manager', 'coach', 'mentee', 'hr' and 'lead'; did you mean 'employee'?",
        ])
    }

    /// A document's `when:` is a condition over the case, checked like a workflow's.
    @Test func checksEachDocumentsConditionAtItsColumn() {
        let result = PluginHarness<VisaPlugin>.configure("""
            documents:
              - {id: passport, name: Passport}
              - {id: permit, name: Work permit, when: 'host_contry not in ["SE", "DK"]'}
              - {id: card, name: Residence card, when: unit > 3}
            valid_until: return + 30d
            """, fields: PluginHarness<VisaPlugin>.defaultFields + ["return"])
        #expect(result.diagnostics == [
            "with.yaml:3:44: error: unknown name 'host_contry'; did you mean 'host_country'?",
            "with.yaml:4:49: error: '>' on text compares letters, not numbers (\"10\" comes before \"7\"); make 'unit' a number field to compare numbers, or test its choices with == or in",
        ])
    }

    /// The harness type-checks a date setting with the language's rules, as a workflow's
    /// validation would: against the fields' types, with `today` refused.
    @Test(arguments: [
        ("valid_until: host_country + 30d", "with.yaml:2:27: error: cannot add a duration to text ('host_country' is text); add durations to dates, such as departure + 2w, or numbers to numbers"),
        ("valid_until: return + 30", "with.yaml:2:23: error: '30' needs a unit: write 30d, 30w, 30mo, 30y or 30bd"),
        ("valid_until: today + 30d", "with.yaml:2:14: error: 'today' can only be used in 'when:'; a date must not depend on the day the plan is made"),
        ("valid_until: return.done", "with.yaml:2:20: error: field 'return' has no parts; remove '.done'"),
        ("valid_until: match", "with.yaml:2:14: error: 'match' is a step; write 'match.count', 'match.started', 'match.done' or 'match.<output>'"),
        ("valid_until: due + 30d", "with.yaml:2:14: error: 'due' can only be used in 'remind:' of a step; here it would refer to itself"),
        ("valid_until: return > start", "with.yaml:2:14: error: a date in the 'with' of step 'step' must be a date such as departure - 6w; this is true or false"),
    ])
    func typeChecksTheDateAgainstTheFieldsTypes(setting: String, message: String) {
        let yaml = "documents: [{id: passport, name: Passport}]\n" + setting
        let result = PluginHarness<VisaPlugin>.configure(yaml, fields: PluginHarness<VisaPlugin>.defaultFields + ["return"],
                                                         types: PluginHarness<VisaPlugin>.defaultFieldTypes.merging(["return": .date]) { $1 })
        #expect(result.diagnostics == [message])
    }
}

@Suite struct VisaRunTests {
    let settings = VisaConfigurationTests().settings
    let day = CalendarDate("2027-01-11")!
    let fields: [String: PluginValue] = ["return": .date(CalendarDate("2028-03-01")!)]

    /// `PluginRun` takes the fields' types; a date reading another step's output is
    /// worked out from the steps the test gives, as the engine would.
    @Test func readsFieldTypesAndOtherStepsOutputs() throws {
        #expect(throws: PluginRun<VisaPlugin>.Refusal.self) {
            try PluginRun<VisaPlugin>(configuration: "documents: [{id: passport, name: Passport}]\nvalid_until: return + 30d", started: day,
                                      fields: ["return": .text("March")], types: ["return": .text])
        }
        var run = try PluginRun<VisaPlugin>(configuration: "documents: [{id: passport, name: Passport}]\nvalid_until: assignment.ends + 2w", started: day,
                                            fields: fields, types: ["return": .date], stepIDs: ["assignment"])
        run.steps["assignment"] = StepSnapshot(state: "completed", started: day, finished: day, count: 1, lastCompleted: day,
                                               outputs: ["ends": .date(CalendarDate("2028-01-03")!)])
        let started = try run.start()
        #expect(started.request?.prompt == "Record the expiry of: passport, valid until 2028-01-17")
    }

    /// A document whose `when:` does not hold for the case is not asked for.
    @Test func asksOnlyForTheDocumentsTheCaseNeeds() throws {
        let settings = """
            documents:
              - {id: passport, name: Passport}
              - {id: permit, name: Work permit, when: 'host_country not in ["SE", "DK"]'}
            valid_until: return + 30d
            """
        var nordic = try PluginRun<VisaPlugin>(configuration: settings, started: day, fields: fields.merging(["host_country": .text("SE")]) { $1 })
        #expect(try nordic.start().request?.prompt == "Record the expiry of: passport, valid until 2028-03-31")
        #expect(try nordic.record("document: passport\nexpires: 2031-05-01").status == .completed)

        var overseas = try PluginRun<VisaPlugin>(configuration: settings, started: day, fields: fields.merging(["host_country": .text("JP")]) { $1 })
        #expect(try overseas.start().request?.prompt == "Record the expiry of: passport, permit, each valid until 2028-03-31")
        #expect(try overseas.record("document: passport\nexpires: 2031-05-01").status == .waiting)
    }

    @Test func completesWhenEveryDocumentLastsAndRemindsBeforeTheFirstExpires() throws {
        var run = try PluginRun<VisaPlugin>(configuration: settings, started: day, fields: fields)
        #expect(try run.start().request?.prompt == "Record the expiry of: passport, permit, each valid until 2028-03-31")
        let first = try run.record("document: permit\nexpires: 2028-06-30")
        #expect(first.status == .waiting)
        #expect(first.request?.prompt == "Record the expiry of: passport, valid until 2028-03-31")
        let done = try run.record("document: passport\nexpires: 2031-05-01")
        #expect(done.status == .completed)
        #expect(done.outputs == ["documents": .number(2), "earliest_expiry": .date(CalendarDate("2028-06-30")!), "renew_by": .date(CalendarDate("2028-05-05")!)])
        // Eight weeks before the permit expires, after the step completed: one reminder.
        #expect(done.wakeUp == CalendarDate("2028-05-05"))
        let reminder = try #require(try run.pass(to: CalendarDate("2028-05-05")!))
        #expect(reminder.messages == [OutgoingMessage(to: ["employee", "hr"], subject: "Renew your work permit",
                                                     body: "Your work permit expires on 2028-06-30. Start the renewal now, then record the new expiry with HR.")])
        #expect(reminder.wakeUp == nil)
        #expect(try run.pass(to: CalendarDate("2028-05-06")!) == nil, "once")
    }

    /// The due date passing with a document missing reminds nobody and completes
    /// nothing; what is published meanwhile is only the count.
    @Test func theDueDatePassingWithADocumentMissingChangesNothing() throws {
        var run = try PluginRun<VisaPlugin>(configuration: settings, started: day, due: CalendarDate("2027-02-15")!, fields: fields)
        _ = try run.start()
        let first = try run.record("document: passport\nexpires: 2031-05-01")
        #expect(first.status == .waiting)
        #expect(first.outputs == ["documents": .number(1)])
        #expect(try run.pass(to: CalendarDate("2027-02-16")!) == nil)
        #expect(try run.pass(to: CalendarDate("2031-03-01")!) == nil, "no reminder before every document is in")
    }

    @Test func refusesADocumentThatDoesNotLastOrIsNotListed() throws {
        var run = try PluginRun<VisaPlugin>(configuration: settings, started: day, fields: fields)
        _ = try run.start()
        #expect(throws: InputProblem("the passport expires on 2028-03-15, before 2028-03-31 (return + 30d); renew it, then record the new expiry", key: "expires")) {
            try run.record("document: passport\nexpires: 2028-03-15")
        }
        #expect(try run.check("document: pasport\nexpires: 2031-01-01") == [
            InputProblem("there is no document 'pasport'; the documents are 'passport' and 'permit'; did you mean 'passport'?", key: "document"),
        ])
    }
}
