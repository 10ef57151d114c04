/// Generated inputs for the benchmarks: deterministic, so runs compare.
enum Generators {
    /// A valid workflow of `phases` × `stepsPerPhase` steps using every part of the
    /// language: dates, reminders, conditions, repeats and plugin settings.
    static func workflow(phases: Int, stepsPerPhase: Int) -> String {
        var lines = [
            "workflow: generated",
            "title: Generated workflow for benchmarks",
            "calendar: host_country",
            "fields:",
            "  employee: {type: person, required: true}",
            "  host_country: {type: country, required: true}",
            "  departure: {type: date, required: true}",
            "  return: {type: date, required: true}",
            "  level: {type: choice, options: [analyst, manager, director]}",
            "roles: [employee, mentor, hr]",
            "phases:",
        ]
        for p in 0..<phases {
            lines.append("  - id: phase-\(p)")
            lines.append("    title: Phase \(p)")
            if p > 0, p % 10 == 0 { lines.append("    when: level != \"analyst\" or step-\(p - 1)-0.count >= 1") }
            lines.append("    steps:")
            for s in 0..<stepsPerPhase {
                lines.append("      - id: step-\(p)-\(s)")
                lines.append("        title: Step \(s) of phase \(p)")
                lines.append("        uses: task")
                lines.append("        owner: \(["employee", "mentor", "hr"][s % 3])")
                switch s % 4 {
                case 0:
                    lines.append("        due: start + \(s % 5 + 1)w")
                    lines.append("        remind: [due - 2d, due + 3bd]")
                case 1:
                    lines.append("        repeat: [{every: 1w, count: 3}, {every: 2w, for: 6w}]")
                case 2:
                    lines.append("        when: departure < return and level in [\"manager\", \"director\"]")
                    lines.append("        due: start + 10bd")
                default:
                    lines.append("        with: {checklist: [Read the guide, Book the session, Write it up]}")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// About `bytes` bytes of YAML with the mix of a real data file: block mappings and
    /// sequences, flow collections, quoted and plain scalars, numbers, anchors.
    static func yamlDocument(bytes: Int) -> String {
        var out = "people:\n"
        var i = 0
        while out.utf8.count < bytes {
            out += """
              - name: "Person \(i) Example"
                email: person\(i)@example.com
                country: \(["NO", "FR", "DE", "JP", "BR"][i % 5])
                capacity: \(i % 4 + 1)
                score: \(Double(i % 100) / 10)
                active: \(i % 7 != 0)
                languages: [en, \(["fr", "de", "ja", "pt", "no"][i % 5])]
                history:
                  - {country: US, from: 2019-01-01, to: 2020-06-30}
                  - {country: \(["SG", "GB", "CA"][i % 3]), from: 2021-02-01, to: 2022-01-31}
                notes: >
                  Mentored \(i % 9) people; prefers mornings
                  and video calls.

            """
            i += 1
        }
        return out
    }
}
