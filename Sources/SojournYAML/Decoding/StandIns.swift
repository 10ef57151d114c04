/// A copy of a node with every required key it lacks filled in with a stand-in value of
/// the right shape, at `location`: when decoding stops at a missing key, decoding the
/// completed copy lets the type's own checks find the other problems in one run. What
/// those checks say about a stand-in is at `location`, so it can be told apart.
public enum StandIns {
    /// `node` completed against `shape`.
    public static func completing(_ node: Node, as shape: ValueShape, at location: SourceLocation) -> Node {
        switch (shape, node.content) {
        case (.mapping(let keys), .mapping(let pairs)):
            var completed = pairs.map { pair in
                guard let key = pair.key.text, let known = keys.first(where: { $0.name == key }) else { return pair }
                return Node.Pair(key: pair.key, value: completing(pair.value, as: known.shape, at: location))
            }
            for key in keys where key.required && !pairs.contains(where: { $0.key.text == key.name }) {
                completed.append(Node.Pair(key: Node(.scalar(Scalar(key.name)), at: location), value: standIn(key.shape, at: location)))
            }
            return Node(.mapping(completed), tag: node.tag, at: node.location)
        case (.list(let element), .sequence(let items)):
            return Node(.sequence(items.map { completing($0, as: element, at: location) }), tag: node.tag, at: node.location)
        case (.dictionary(let value), .mapping(let pairs)):
            return Node(.mapping(pairs.map { Node.Pair(key: $0.key, value: completing($0.value, as: value, at: location)) }), tag: node.tag, at: node.location)
        default:
            return node
        }
    }

    /// A value of `shape`, as plain as it gets.
    static func standIn(_ shape: ValueShape, at location: SourceLocation) -> Node {
        switch shape {
        // Quoted: a plain empty scalar would read as null.
        case .text, .any: Node(.scalar(Scalar("", style: .doubleQuoted)), at: location)
        case .formatted(_, let example): Node(.scalar(Scalar(example, style: .doubleQuoted)), at: location)
        case .integer, .number: Node(.scalar(Scalar("0")), at: location)
        case .boolean: Node(.scalar(Scalar("false")), at: location)
        case .choice(let names): Node(.scalar(Scalar(names.first ?? "")), at: location)
        case .list: Node(.sequence([]), at: location)
        case .dictionary: Node(.mapping([]), at: location)
        case .mapping(let keys):
            Node(.mapping(keys.filter(\.required).map { Node.Pair(key: Node(.scalar(Scalar($0.name)), at: location), value: standIn($0.shape, at: location)) }), at: location)
        case .oneOf(let shapes): shapes.first.map { standIn($0, at: location) } ?? Node(.scalar(Scalar("", style: .doubleQuoted)), at: location)
        }
    }
}
