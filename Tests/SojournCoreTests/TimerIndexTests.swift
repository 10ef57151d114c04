import Foundation
import SojournCore
import SojournKit
import Testing

/// The engine's timer index against generated workflows: start dates after other steps,
/// conditions, repeats, reminders and due dates, cases driven at random. Every query of
/// the index is checked against a scan of every slot (SOJOURN_CHECK_TIMERS), and a case
/// advanced by jumps must have the history of the same case advanced day by day.
@Suite struct TimerIndexTests {
    /// SplitMix64: the same sequence for the same seed on every machine.
    struct Dice {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    /// A valid workflow of task steps using the parts of the language the index must follow.
    static func workflow(seed: UInt64) -> String {
        var dice = Dice(state: seed)
        var lines = [
            "workflow: generated-\(seed)",
            "title: Generated",
            "fields:",
            "  employee: {type: person, required: true}",
            "  departure: {type: date, required: true}",
            "  return: {type: date, required: true}",
            "roles: [employee, hr]",
            "phases:",
        ]
        var earlier: [String] = []
        let phases = 2 + dice.below(4)
        for p in 0..<phases {
            lines.append("  - id: p\(p)")
            if p == 0, dice.chance(50) { lines.append("    start: departure - \(1 + dice.below(6))w") }
            if p > 1, dice.chance(30) { lines.append("    after: [p\(dice.below(p))]") }
            if p > 0, dice.chance(25), let step = earlier.randomElement(using: &dice) { lines.append("    when: \(step).count >= 0") }
            if p > 0, dice.chance(30) { lines.append("    start: return - \(dice.below(20))w") }
            lines.append("    steps:")
            var here: [String] = []
            for s in 0..<(1 + dice.below(5)) {
                let id = "s\(p)-\(s)"
                lines.append("      - id: \(id)")
                // A notification completes as it starts: what follows it starts in the same run.
                let notifies = dice.chance(25)
                lines.append(notifies ? "        uses: notify" : "        uses: task")
                lines.append("        owner: \(dice.chance(50) ? "employee" : "hr")")
                if notifies { lines.append("        with: {to: [employee], subject: Step \(id), body: Done}") }
                // Waiting on a step of the same phase through a date, not through 'after'.
                let sideBySide = !here.isEmpty && dice.chance(25)
                if sideBySide {
                    lines.append("        after: []")
                } else if !here.isEmpty, dice.chance(30) {
                    lines.append("        after: [\(dice.chance(50) ? "" : here.randomElement(using: &dice)!)]")
                }
                switch sideBySide ? 4 : dice.below(4) {
                case 4: lines.append("        start: \(here.randomElement(using: &dice)!).\(dice.chance(50) ? "done" : "started") + \(dice.below(10))d")
                case 0 where !earlier.isEmpty: lines.append("        start: \(earlier.randomElement(using: &dice)!).done + \(dice.below(10))d")
                case 1: lines.append("        start: departure + \(dice.below(30))d")
                default: break
                }
                if dice.chance(25), let other = (earlier + here).randomElement(using: &dice) { lines.append("        when: \(other).count >= \(dice.below(2))") }
                if !notifies, dice.chance(40) {
                    lines.append(dice.chance(50)
                        ? "        repeat: {every: \(1 + dice.below(2))w, count: \(1 + dice.below(4))}"
                        : "        repeat: [{every: 1w, count: 2}, {every: 2w, for: \(2 + dice.below(4))w}]")
                }
                let hasDue = dice.chance(60)
                if hasDue { lines.append("        due: start + \(1 + dice.below(14))d") }
                // Reminders before the start (due when the step starts), on it, and after the due date.
                if dice.chance(40) { lines.append("        remind: [start \(dice.chance(30) ? "-" : "+") \(dice.below(5))d\(hasDue && dice.chance(50) ? ", due + 2bd" : "")]") }
                here.append(id)
            }
            earlier += here
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What someone did on a day.
    struct Action: Hashable {
        var day: CalendarDate
        var target: String
        var postpone: CalendarDate?
    }

    @Test(arguments: 1...40)
    func jumpsAndDaysGiveTheSameHistory(seed: Int) throws {
        setenv("SOJOURN_CHECK_TIMERS", "1", 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("timer-index-\(seed)-\(UUID().uuidString).yaml").path
        try Self.workflow(seed: UInt64(seed)).write(toFile: path, atomically: true, encoding: .utf8)
        let fields = ["employee": "Ana Lima <ana@example.com>", "departure": "2027-03-01", "return": "2027-09-01"]
        let opened = CalendarDate("2027-01-04")!
        let end = CalendarDate("2028-03-01")!

        // Jumps of one to twenty days, acting on a random part of what waits.
        let jumps = try CaseFixture()
        let id = try jumps.open(path, fields: fields, on: opened.description)
        var dice = Dice(state: UInt64(seed) &* 7919)
        var actions: [Action] = []
        var day = opened
        while day <= end, try jumps.status(id).stored.progress.state == .open {
            try jumps.advance(id, to: day.description)
            for item in try jumps.status(id).agenda where dice.chance(60) {
                let target = item.occurrence.map { "\(item.step)#\($0)" } ?? item.step
                // A third of the occurrences not done at once move three days on instead.
                let postpone: CalendarDate? = item.occurrence != nil && dice.chance(30) ? day.adding(days: 3) : nil
                do {
                    if let postpone {
                        try jumps.postpone(id, target, to: postpone.description, on: day.description)
                    } else {
                        try jumps.record(id, target, on: day.description)
                    }
                    actions.append(Action(day: day, target: target, postpone: postpone))
                } catch {
                    // An item the previous action already moved on.
                }
            }
            day = day.adding(days: 1 + dice.below(20))
        }

        // The same actions, advancing every day.
        let days = try CaseFixture()
        let same = try days.open(path, fields: fields, on: opened.description)
        day = opened
        let last = actions.last?.day ?? opened
        while day <= max(last, end) {
            try days.advance(same, to: day.description)
            for action in actions where action.day == day {
                if let postpone = action.postpone {
                    try days.postpone(same, action.target, to: postpone.description, on: day.description)
                } else {
                    try days.record(same, action.target, on: day.description)
                }
            }
            day = day.adding(days: 1)
        }
        try jumps.advance(id, to: max(last, end).description)
        #expect(try jumps.history(id) == days.history(same), "seed \(seed): \(path)")
        #expect(try jumps.history(id).count > 3)
    }
}

extension Array {
    fileprivate func randomElement(using dice: inout TimerIndexTests.Dice) -> Element? {
        isEmpty ? nil : self[dice.below(count)]
    }
}
