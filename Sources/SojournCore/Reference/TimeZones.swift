import SojournKit

import Foundation

/// IANA time zone names, for fields of type `timezone`.
public enum TimeZones {
    /// Every IANA name this system knows (`Europe/Oslo`, `America/Sao_Paulo`).
    public static let known: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers)

    /// Whether `name` is an IANA time zone name. Foundation's list leaves out some
    /// current names (it has `Asia/Calcutta`, not `Asia/Kolkata`), so a `Region/City`
    /// name the system's time zone database loads counts too.
    public static func isKnown(_ name: String) -> Bool {
        known.contains(name) || (name.contains("/") && !name.hasPrefix("/") && TimeZone(identifier: name) != nil)
    }
}
