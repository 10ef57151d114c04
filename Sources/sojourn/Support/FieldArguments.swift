import ArgumentParser

/// `--field name=value` options.
enum FieldArguments {
    /// The values by name.
    ///
    /// - Throws: `ValidationError` for an item without `=` or a name given twice.
    static func parse(_ items: [String], option: String = "--field") throws -> [String: String] {
        var values: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("\(option) takes name=value, for example \(option) departure=2027-03-01; got '\(item)'")
            }
            let name = String(item[..<equals]).trimmingCharacters(in: " ")
            guard values[name] == nil else {
                throw ValidationError("\(option) \(name) is given twice")
            }
            values[name] = String(item[item.index(after: equals)...])
        }
        return values
    }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
