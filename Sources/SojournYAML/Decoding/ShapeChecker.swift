/// Checks a node against a shape and reports every mismatch in the tree.
///
/// The decoder stops at the first problem with a required value; checking the shape
/// as well lets one run report all of them.
public enum ShapeChecker {
    /// Every problem with `node` read as `shape`.
    public static func problems(in node: Node, against shape: ValueShape) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        check(node, shape, &problems)
        return problems
    }

    private static func isNull(_ node: Node) -> Bool { node.scalar != nil && node.resolvedValue == .null }

    private static func check(_ node: Node, _ shape: ValueShape, _ problems: inout [Diagnostic]) {
        switch shape {
        case .any:
            return
        case .oneOf(let shapes):
            var best: [Diagnostic]?
            for candidate in shapes {
                var found: [Diagnostic] = []
                check(node, candidate, &found)
                if found.isEmpty { return }
                if best == nil { best = found }
            }
            problems += best ?? []
        case .text, .formatted:
            if node.scalar == nil || isNull(node) { problems.append(DecodingMessages.mismatch("text", node)) }
        case .integer:
            if case .int = node.resolvedValue, node.scalar != nil { return }
            problems.append(DecodingMessages.mismatch("a whole number", node))
        case .number:
            switch node.resolvedValue {
            case .int, .float: if node.scalar != nil { return }
            default: break
            }
            problems.append(DecodingMessages.mismatch("a number", node))
        case .boolean:
            if case .bool = node.resolvedValue, node.scalar != nil { return }
            problems.append(DecodingMessages.mismatch("true or false", node, hint: DecodingMessages.booleanHint(node)))
        case .choice(let names):
            guard let text = node.text, !isNull(node) else {
                problems.append(DecodingMessages.mismatch("text", node))
                return
            }
            if !names.contains(text) { problems.append(DecodingMessages.unknownChoice(node, names: names)) }
        case .list(let element):
            guard let items = node.sequence else {
                problems.append(DecodingMessages.notAList(node))
                return
            }
            for item in items { check(item, element, &problems) }
        case .dictionary(let value):
            guard let pairs = node.mapping else {
                problems.append(DecodingMessages.notAMapping(node))
                return
            }
            for pair in pairs { check(pair.value, value, &problems) }
        case .mapping(let keys):
            guard let pairs = node.mapping else {
                problems.append(DecodingMessages.notAMapping(node))
                return
            }
            let known = keys.map(\.name)
            for pair in pairs {
                guard let name = pair.key.text, let key = keys.first(where: { $0.name == name }) else {
                    problems.append(DecodingMessages.unknownKey(pair.key, known: known))
                    continue
                }
                if isNull(pair.value), !key.required { continue }
                check(pair.value, key.shape, &problems)
            }
            for key in keys where key.required && !pairs.contains(where: { $0.key.text == key.name }) {
                problems.append(DecodingMessages.missingKey(key.name, in: node))
            }
        }
    }
}
