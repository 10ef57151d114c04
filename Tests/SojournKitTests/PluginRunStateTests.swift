import SojournKit
import SojournKitTesting
import Testing

/// A plugin that changes its state, then refuses: the engine keeps the state from before
/// the call, and so must the harness.
struct CountThenRefusePlugin: StepPlugin {
    typealias Configuration = NoConfiguration

    struct Input: Decodable, Sendable {
        var refuse: Bool
    }

    struct State: PluginState {
        var calls = 0
        init() {}
    }

    static let name = "count-then-refuse"
    static let summary = "Counts calls, refusing some after counting."

    static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        .waiting(for: InputRequest("Record"))
    }

    static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        state.calls += 1
        if input.refuse { throw InputProblem("refused after counting", key: "refuse") }
        return .waiting(for: InputRequest("Record"), outputs: ["calls": .number(Double(state.calls))])
    }
}

@Suite struct PluginRunStateTests {
    @Test func aCallThatThrowsLeavesTheStateAsItWas() throws {
        var run = try PluginRun<CountThenRefusePlugin>(started: CalendarDate("2027-01-04")!)
        _ = try run.start()
        #expect(try run.record("refuse: false").outputs == ["calls": .number(1)])
        #expect(throws: InputProblem("refused after counting", key: "refuse")) { try run.record("refuse: true") }
        #expect(run.state.calls == 1)
        #expect(try run.record("refuse: false").outputs == ["calls": .number(2)])
    }
}
