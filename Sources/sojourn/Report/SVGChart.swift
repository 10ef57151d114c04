import SojournCore

/// The geometry of the report's charts: line charts of percentages over periods, and
/// bar charts with the count on each bar. Returns the template's context for one chart,
/// the data table behind it included. Every coordinate is a number computed here.
enum SVGChart {
    static let width = 680.0, height = 260.0
    static let left = 52.0, right = 640.0, top = 16.0, bottom = 220.0

    /// Percent lines, one per series, over `labels`.
    static func lines(id: String, title: String, labels: [String], series: [(name: String, values: [Ratio])]) -> [String: Any] {
        let step = labels.count > 1 ? (right - left) / Double(labels.count - 1) : 0
        func x(_ index: Int) -> Double { labels.count > 1 ? left + Double(index) * step : (left + right) / 2 }
        func y(_ percent: Double) -> Double { bottom - (bottom - top) * percent / 100 }
        let lines: [[String: Any]] = series.enumerated().map { number, item in
            var segments: [String] = []
            var dots: [[String: String]] = []
            for (index, ratio) in item.values.enumerated() {
                guard let percent = ratio.percent else { continue }
                segments.append("\(fmt(x(index))),\(fmt(y(percent)))")
                dots.append(["x": fmt(x(index)), "y": fmt(y(percent)), "label": "\(labels[index]): \(ProgrammeFigures.percentText(percent)) (\(ratio.numerator) of \(ratio.denominator))"])
            }
            return ["style": "s\(number)", "points": segments.joined(separator: " "), "dots": dots]
        }
        var header = ["Period"]
        for item in series { header.append(item.name) }
        let rows: [[String: Any]] = labels.enumerated().map { index, label in
            var cells: [[String: String]] = [["text": label, "style": ""]]
            for item in series {
                let ratio = item.values[index]
                cells.append(["text": ratio.denominator == 0 ? "-" : "\(ProgrammeFigures.percentText(ratio.percent)) (\(ratio.numerator) of \(ratio.denominator))", "style": "num"])
            }
            return ["cells": cells]
        }
        var chart = frame(id: id, title: title, kind: "line", labels: labels, xOf: x, maximum: 100, unit: "%")
        chart["lines"] = lines
        // A series with nothing counted has no line, so no key either.
        chart["legend"] = series.enumerated().filter { $0.element.values.contains { $0.denominator > 0 } }.map { ["key": "k\($0.offset)", "name": $0.element.name] }
        chart["header"] = header
        chart["rows"] = rows
        if series.allSatisfy({ $0.values.allSatisfy { $0.denominator == 0 } }) { chart["empty"] = "nothing counted yet" }
        return chart
    }

    /// Bars of counts over `labels`.
    static func bars(id: String, title: String, labels: [String], series: [(name: String, values: [Double])], header: [String], rows: [[String]]) -> [String: Any] {
        let maximum = max(1, series.flatMap(\.values).max() ?? 1)
        let top = niceCeiling(maximum)
        let slot = (right - left) / Double(max(1, labels.count))
        let barWidth = max(2, slot * 0.7 / Double(max(1, series.count)))
        var bars: [[String: String]] = []
        for (number, item) in series.enumerated() {
            for (index, value) in item.values.enumerated() {
                let h = (bottom - self.top) * value / top
                let x = left + slot * Double(index) + slot * 0.15 + barWidth * Double(number)
                bars.append(["style": "s\(number)", "x": fmt(x), "y": fmt(bottom - h), "width": fmt(barWidth), "height": fmt(h),
                             "label": "\(labels[index]): \(ProgrammeFigures.decimalText(value)) \(item.name)",
                             "count": labels.count <= 24 ? ProgrammeFigures.decimalText(value) : "",
                             "textX": fmt(x + barWidth / 2), "textY": fmt(bottom - h - 3)])
            }
        }
        var chart = frame(id: id, title: title, kind: "bar", labels: labels, xOf: { left + slot * (Double($0) + 0.5) }, maximum: top, unit: "")
        chart["bars"] = bars
        chart["legend"] = series.enumerated().map { ["key": "k\($0.offset)", "name": $0.element.name] }
        chart["header"] = header
        chart["rows"] = rows.map { row in ["cells": row.enumerated().map { ["text": $0.element, "style": $0.offset == 0 ? "" : "num"] }] }
        if series.allSatisfy({ $0.values.allSatisfy { $0 == 0 } }) { chart["empty"] = "nothing counted yet" }
        return chart
    }

    /// Percentage bars side by side for each label, the counts on each bar.
    static func groupedPercentBars(id: String, title: String, labels: [String], series: [(name: String, values: [(percent: Double?, counts: String)])], notes: [String]) -> [String: Any] {
        let slot = (right - left) / Double(max(1, labels.count))
        let barWidth = slot * 0.7 / Double(max(1, series.count))
        var bars: [[String: String]] = []
        for (number, item) in series.enumerated() {
            for (index, value) in item.values.enumerated() {
                let percent = value.percent ?? 0
                let h = (bottom - top) * percent / 100
                let x = left + slot * Double(index) + slot * 0.15 + barWidth * Double(number)
                bars.append(["style": "s\(number)", "x": fmt(x), "y": fmt(bottom - h), "width": fmt(barWidth), "height": fmt(h),
                             "label": "\(item.name), \(labels[index]): \(ProgrammeFigures.percentText(value.percent)) (\(value.counts))",
                             "count": value.percent == nil ? "none yet" : ProgrammeFigures.percentText(value.percent),
                             "textX": fmt(x + barWidth / 2), "textY": fmt(bottom - h - 3)])
            }
        }
        var chart = frame(id: id, title: title, kind: "comparison", labels: labels, xOf: { left + slot * (Double($0) + 0.5) }, maximum: 100, unit: "%")
        chart["bars"] = bars
        chart["legend"] = series.enumerated().map { ["key": "k\($0.offset)", "name": $0.element.name] }
        chart["header"] = ["Horizon"] + series.map(\.name)
        chart["rows"] = labels.enumerated().map { index, label -> [String: Any] in
            ["cells": [["text": label, "style": ""]] + series.map { item -> [String: String] in
                let value = item.values[index]
                return ["text": "\(ProgrammeFigures.percentText(value.percent)) (\(value.counts))", "style": "num"]
            }]
        }
        chart["notes"] = notes
        return chart
    }

    private static func frame(id: String, title: String, kind: String, labels: [String], xOf: (Int) -> Double, maximum: Double, unit: String) -> [String: Any] {
        let ticks = (0...4).map { Double($0) * maximum / 4 }
        // Label every period when few, else about twelve of them.
        let every = max(1, (labels.count + 11) / 12)
        return [
            "id": id, "title": title, "kind": kind, "width": fmt(width), "height": fmt(height),
            "left": fmt(left), "right": fmt(right), "bottom": fmt(bottom), "x": fmt((left + right) / 2), "y": fmt((top + bottom) / 2),
            "yTicks": ticks.map { value -> [String: String] in
                let y = bottom - (bottom - top) * value / maximum
                return ["x1": fmt(left), "x2": fmt(right), "y": fmt(y), "labelX": fmt(left - 6), "textY": fmt(y + 4), "label": ProgrammeFigures.decimalText(value) + unit]
            },
            "xTicks": labels.enumerated().filter { $0.offset % every == 0 }.map { ["x": fmt(xOf($0.offset)), "y": fmt(bottom + 16), "label": $0.element] },
        ]
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Double) -> Double {
        var base = 1.0
        while base * 10 <= value { base *= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where base * factor >= value { return base * factor }
        return base * 10
    }

    private static func fmt(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
