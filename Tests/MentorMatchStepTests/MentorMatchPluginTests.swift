import MentorMatchStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct MentorMatchConfigurationTests {
    @Test func acceptsFiltersAndWeights() {
        let result = PluginHarness<MentorMatchPlugin>.configure("""
            auto: true
            must: [active, free-capacity, not-manager, not-previous-pairing]
            prefer: {current-host: 40, previous-host: 30, language: 10, overlap: 10, other-unit: 10}

            """)
        #expect(result.diagnostics == [])
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let result = PluginHarness<MentorMatchPlugin>.configure("""
            role: mentr
            prefer: {curent-host: 40, overlap: -5}
            shortlist: 0

            """)
        #expect(result.diagnostics == [
            "with.yaml:1:7: error: unknown role 'mentr'; the workflow's roles are 'employee', 'mentor', 'manager', 'coach', 'mentee', 'hr' and 'lead'; did you mean 'mentor'?",
            "with.yaml:2:23: error: unknown preference 'curent-host'; did you mean 'current-host'?; use 'current-host', 'previous-host', 'home-office', 'language', 'overlap' or 'other-unit'",
            "with.yaml:2:36: error: a weight is a whole number from 0 to 1000, not -5",
            "with.yaml:3:12: error: 'shortlist' is from 1 to 1000, not 0",
        ])
        #expect(PluginHarness<MentorMatchPlugin>.configure("must: [not-the-boss]\n").diagnostics == [
            "with.yaml:1:8: error: unknown value 'not-the-boss'; expected 'active', 'free-capacity', 'not-manager', 'not-previous-pairing', 'not-employee', 'has-been-abroad', 'never-abroad' or 'host-experience'",
        ])
    }

    @Test func saysWhichFieldACriterionNeeds() {
        let result = PluginHarness<MentorMatchPlugin>.configure("prefer: {overlap: 10}\n", fields: ["employee"])
        #expect(result.diagnostics == [
            "with.yaml:1:19: error: 'overlap' reads field 'timezone', which the workflow does not have; add the field, or name yours (or a step's output, such as intake.timezone) under 'fields: {timezone: …}'",
        ])
        #expect(PluginHarness<MentorMatchPlugin>.configure("prefer: {overlap: 10}\nfields: {timezone: tz}\n", fields: ["employee", "tz"]).diagnostics == [])
        // A field of the wrong type is named, with the types that would do.
        #expect(PluginHarness<MentorMatchPlugin>.configure("must: [host-experience]\nfields: {host_country: destination}\n", fields: ["employee", "destination"], types: ["destination": .text]).diagnostics == [
            "with.yaml:2:24: error: field 'destination' is text; a country field is needed here; the workflow has none: add one to 'fields:'",
        ])
        #expect(PluginHarness<MentorMatchPlugin>.configure("must: [host-experience]\nfields: {host_country: destination}\n", fields: ["employee", "destination", "host_country", "home_country"],
                                                           types: ["employee": .person, "destination": .text, "host_country": .country, "home_country": .country]).diagnostics == [
            "with.yaml:2:24: error: field 'destination' is text; a country field is needed here; the country fields are 'host_country' and 'home_country'",
        ])
        // Another step's output: the step must exist.
        #expect(PluginHarness<MentorMatchPlugin>.configure("prefer: {language: 10}\nfields: {languages: intke.languages}\n", stepIDs: ["intake", "match"]).diagnostics == [
            "with.yaml:2:21: error: 'intke.languages' reads an output of step 'intke', which the workflow does not have; did you mean 'intake'?",
        ])
    }
}

@Suite struct MentorMatchRunTests {
    let day = CalendarDate("2027-01-04")!
    let fields: [String: PluginValue] = [
        "employee": .text("Ana Lima <ana@example.com>"), "manager": .text("Max Mueller <max@example.com>"),
        "host_country": .text("BR"), "home_country": .text("DE"), "languages": .list([.text("German"), .text("Portuguese")]),
        "timezone": .text("Europe/Berlin"), "unit": .text("Payments"),
    ]
    static let roster = [
        RosterPerson(email: "bo@example.com", name: "Bo Berg", country: "BR", timezone: "America/Sao_Paulo", unit: "Payments", languages: ["portuguese"],
                     assignments: [.init(country: "BR", from: CalendarDate("2026-01-01")!, to: nil)], capacity: 1),
        RosterPerson(email: "cy@example.com", name: "Cy Chen", country: "DE", timezone: "Europe/Berlin", unit: "Cards", languages: ["german"],
                     assignments: [.init(country: "BR", from: CalendarDate("2022-01-01")!, to: CalendarDate("2023-06-30")!)], capacity: 2),
        RosterPerson(email: "max@example.com", name: "Max Mueller", country: "DE", timezone: "Europe/Berlin", capacity: 3),
        RosterPerson(email: "di@example.com", name: "Di Dube", country: "ZA", timezone: "Africa/Johannesburg", capacity: 1, active: false),
    ]
    let configuration = """
        must: [active, free-capacity, not-manager, not-previous-pairing]
        prefer: {current-host: 40, previous-host: 30, language: 10, overlap: 10, other-unit: 10}
        """

    @Test func ranksCandidatesWithABreakdownAndWaitsForHR() throws {
        var run = try PluginRun<MentorMatchPlugin>(configuration: configuration, started: day, fields: fields)
        run.roster = FixedRoster(Self.roster)
        let started = try run.start()
        #expect(started.status == .waiting)
        // Cy: has been in Brazil, speaks German, same time zone, another unit. Bo: in Brazil
        // now, speaks Portuguese, four hours apart (half the working day), same unit.
        #expect(started.request?.prompt == "Choose a mentor: cy@example.com (60), bo@example.com (55)")
        #expect(started.outputs == ["candidates": .number(2)])
        let chosen = try run.record("choose: bo@example.com")
        #expect(chosen.status == .completed)
        #expect(chosen.bind == ["mentor": "Bo Berg <bo@example.com>"])
        #expect(chosen.outputs == ["matched": .text("Bo Berg <bo@example.com>"), "score": .number(55), "candidates": .number(2)])
        // The ranking behind the choice goes to the history, not to the outputs.
        #expect(chosen.details["ranking"] == .list([
            .object(["person": .text("Cy Chen <cy@example.com>"), "score": .number(60), "breakdown": .object([
                "current-host": .number(0), "previous-host": .number(30), "language": .number(10), "overlap": .number(10), "other-unit": .number(10)])]),
            .object(["person": .text("Bo Berg <bo@example.com>"), "score": .number(55), "breakdown": .object([
                "current-host": .number(40), "previous-host": .number(0), "language": .number(10), "overlap": .number(5), "other-unit": .number(0)])]),
        ]))
    }

    @Test func readsAnotherStepsOutputWhereAFieldWouldBe() throws {
        var caseFields = fields
        caseFields["languages"] = nil
        var run = try PluginRun<MentorMatchPlugin>(configuration: configuration + "\nfields: {languages: intake.languages}", started: day, fields: caseFields, stepIDs: ["intake"])
        run.roster = FixedRoster(Self.roster)
        run.steps["intake"] = StepSnapshot(state: "completed", started: day, finished: day, count: 1, lastCompleted: day, outputs: ["languages": .list([.text("Portuguese")])])
        // Only Bo speaks Portuguese now: the language points move from Cy to Bo.
        #expect(try run.start().request?.prompt == "Choose a mentor: bo@example.com (55), cy@example.com (50)")
    }

    @Test func autoBindsTheBestAndNeverExceedsCapacity() throws {
        var run = try PluginRun<MentorMatchPlugin>(configuration: configuration + "\nauto: true", started: day, fields: fields)
        run.roster = FixedRoster(Self.roster, pairings: [
            .init(email: "cy@example.com", employee: "eve@example.com"), .init(email: "cy@example.com", employee: "fay@example.com"),
        ])
        let matched = try run.start()
        #expect(matched.bind == ["mentor": "Bo Berg <bo@example.com>"])
        run.roster = FixedRoster(Self.roster, pairings: [
            .init(email: "cy@example.com", employee: "eve@example.com"), .init(email: "cy@example.com", employee: "fay@example.com"),
            .init(email: "bo@example.com", employee: "gil@example.com"),
        ])
        let nobody = try run.start()
        #expect(nobody.status == .waiting)
        #expect(nobody.bind == [:])
        #expect(nobody.request?.prompt == "No one on the roster passes the filters (active, free-capacity, not-manager, not-previous-pairing): nobody was bound; import the roster (sojourn people import), or relax 'must'")
    }

    @Test func aPreviousPairingIsNotOfferedAgain() throws {
        var run = try PluginRun<MentorMatchPlugin>(configuration: configuration + "\nauto: true", started: day, fields: fields)
        run.roster = FixedRoster(Self.roster, pairings: [.init(email: "cy@example.com", employee: "ana@example.com", open: false)])
        #expect(try run.start().bind == ["mentor": "Bo Berg <bo@example.com>"])
    }

    @Test func bindsOtherRolesForReverseMentoring() throws {
        var run = try PluginRun<MentorMatchPlugin>(configuration: "role: mentee\nauto: true\nmust: [active, free-capacity, never-abroad]", started: day, fields: fields)
        run.roster = FixedRoster(Self.roster)
        #expect(try run.start().bind == ["mentee": "Max Mueller <max@example.com>"])
    }

    @Test func refusesAChoiceOffTheList() throws {
        var run = try PluginRun<MentorMatchPlugin>(configuration: configuration, started: day, fields: fields)
        run.roster = FixedRoster(Self.roster)
        _ = try run.start()
        #expect(throws: InputProblem("max@example.com does not pass the filters (active, free-capacity, not-manager, not-previous-pairing) or is at capacity; choose one of 'cy@example.com' or 'bo@example.com'", key: "choose")) {
            try run.record("choose: max@example.com")
        }
        #expect(throws: InputProblem("zed@example.com is not on the roster; choose one of 'cy@example.com' or 'bo@example.com'", key: "choose")) {
            try run.record("choose: zed@example.com")
        }
    }
}
