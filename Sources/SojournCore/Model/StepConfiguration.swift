public import SojournKit

/// A step's plugin and its decoded configuration.
public struct StepConfiguration: Sendable {
    /// The plugin type.
    public let plugin: any StepPlugin.Type
    /// The decoded `with:`, of type `plugin.Configuration`.
    public let value: any Sendable

    /// Creates a configuration.
    public init(plugin: any StepPlugin.Type, value: any Sendable) {
        self.plugin = plugin
        self.value = value
    }

    /// The roles whose people may give the step's input besides its owner.
    public var inputRoles: [String] {
        func open<P: StepPlugin>(_ plugin: P.Type) -> [String] {
            guard let configuration = value as? P.Configuration else { return [] }
            return P.inputRoles(for: configuration)
        }
        return open(plugin)
    }

    /// How the step's occurrences appear in calendars, when the plugin says.
    public var calendarEntry: CalendarEntry? {
        func open<P: StepPlugin>(_ plugin: P.Type) -> CalendarEntry? {
            guard let configuration = value as? P.Configuration else { return nil }
            return P.calendarEntry(for: configuration)
        }
        return open(plugin)
    }

    /// The outputs the plugin publishes for this configuration; `nil` when open-ended.
    public var outputs: [OutputDescription]? {
        func open<P: StepPlugin>(_ plugin: P.Type) -> [OutputDescription]? {
            P.outputs(for: value as! P.Configuration)
        }
        return open(plugin)
    }
}
