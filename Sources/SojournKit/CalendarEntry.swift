/// How a step's occurrences appear in people's calendars (`sojourn calendar`, and the
/// invitations in the outbox): who is invited, for how long, and at what time of day.
///
/// A step whose plugin gives none still shows its due date as an all-day event to its
/// owner; one that gives an entry is a meeting: its sessions are invitations to the
/// roles in `attendees`, kept up to date when a session moves or the case ends.
public struct CalendarEntry: Sendable, Hashable {
    /// Where the time of day is read.
    public enum Zone: Sendable, Hashable {
        /// An IANA zone (`Europe/Oslo`).
        case named(String)
        /// The zone of the person in this role, from the roster (`time_zone: mentor`).
        case role(String)
        /// The start of the working hours (09:00 to 17:00) the attendees share, each in
        /// their own roster time zone (`at: overlap`), given in the first one's zone.
        case overlap
    }

    /// The roles invited.
    public var attendees: [String]
    /// How long a session lasts.
    public var minutes: Int
    /// The time of day, as hour and minute; `nil` for all-day sessions (or for `overlap`,
    /// where the time comes from the people's zones).
    public var time: (hour: Int, minute: Int)?
    /// The zone `time` is in; `nil` with no time.
    public var zone: Zone?

    public init(attendees: [String], minutes: Int, time: (hour: Int, minute: Int)? = nil, zone: Zone? = nil) {
        self.attendees = attendees
        self.minutes = minutes
        self.time = time
        self.zone = zone
    }

    public static func == (a: CalendarEntry, b: CalendarEntry) -> Bool {
        a.attendees == b.attendees && a.minutes == b.minutes && a.time?.hour == b.time?.hour && a.time?.minute == b.time?.minute && a.zone == b.zone
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(attendees)
        hasher.combine(minutes)
        hasher.combine(time?.hour)
        hasher.combine(time?.minute)
        hasher.combine(zone)
    }

    /// Reads a time of day written `HH:MM` (24-hour), or `nil`.
    public static func time(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return (hour, minute)
    }
}
