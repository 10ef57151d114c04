/// Builds node trees from parse events: resolves aliases and merge keys, rejects
/// duplicate keys, and enforces the nesting and alias-expansion limits.
struct TreeBuilder {
    /// A collection under construction.
    private struct Frame {
        enum Kind { case sequence, mapping }
        var kind: Kind
        var anchor: String?
        var tag: String?
        var location: SourceLocation
        var items: [Node] = []
        var pairs: [Node.Pair] = []
        var pendingKey: Node?
        /// How many nodes this collection holds, aliases counted at their full size.
        var weight = 1
        /// Key identities for duplicate detection, built once a mapping grows large.
        var keyIndex: [KeyIdentity: Int]?
    }

    private let file: String
    private let limits: LoaderLimits
    private let mergeKeys: Bool
    private var frames: [Frame] = []
    private var anchors: [String: (node: Node, weight: Int)] = [:]
    private var aliasExpansion = 0
    private(set) var documents: [Node] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var documentRoot: Node?

    init(file: String, limits: LoaderLimits, mergeKeys: Bool) {
        self.file = file
        self.limits = limits
        self.mergeKeys = mergeKeys
    }

    private func location(_ mark: ParseEvent.Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    /// Takes one event. Throws the first problem that stops loading.
    mutating func handle(_ event: ParseEvent) throws(Diagnostic) {
        switch event {
        case .streamStart, .streamEnd:
            break
        case .documentStart:
            anchors.removeAll(keepingCapacity: true)
            documentRoot = nil
        case .documentEnd:
            if let root = documentRoot { documents.append(root) }
            documentRoot = nil
        case .alias(let name, let mark):
            let at = location(mark)
            guard let anchored = anchors[name] else {
                if frames.contains(where: { $0.anchor == name }) {
                    throw .error("alias '*\(name)' refers to a node that contains it; YAML data cannot contain itself", at: at)
                }
                throw .error("unknown anchor '\(name)'; define it with '&\(name)' before using '*\(name)'", at: at)
            }
            aliasExpansion += anchored.weight
            if aliasExpansion > limits.maxAliasExpansion {
                throw .error("aliases expand to more than \(limits.maxAliasExpansion) nodes; the file repeats itself too much to load safely", at: at)
            }
            var copy = anchored.node
            copy.location = at
            try add(copy, weight: anchored.weight, anchor: nil)
        case .scalar(let scalar, let anchor, let tag, let mark, _):
            try add(Node(.scalar(scalar), tag: tag, at: location(mark)), weight: 1, anchor: anchor)
        case .sequenceStart(let anchor, let tag, let mark):
            try open(Frame(kind: .sequence, anchor: anchor, tag: tag, location: location(mark)))
        case .mappingStart(let anchor, let tag, let mark):
            try open(Frame(kind: .mapping, anchor: anchor, tag: tag, location: location(mark)))
        case .sequenceEnd:
            let frame = frames.removeLast()
            try add(Node(.sequence(frame.items), tag: frame.tag, at: frame.location), weight: frame.weight, anchor: frame.anchor)
        case .mappingEnd:
            let frame = frames.removeLast()
            let pairs = mergeKeys ? try merged(frame.pairs) : frame.pairs
            try add(Node(.mapping(pairs), tag: frame.tag, at: frame.location), weight: frame.weight, anchor: frame.anchor)
        }
    }

    private mutating func open(_ frame: Frame) throws(Diagnostic) {
        guard frames.count < limits.maxDepth else {
            throw .error("the data is nested more than \(limits.maxDepth) levels deep", at: frame.location)
        }
        frames.append(frame)
    }

    private mutating func add(_ node: Node, weight: Int, anchor: String?) throws(Diagnostic) {
        if let anchor { anchors[anchor] = (node, weight) }
        guard !frames.isEmpty else {
            documentRoot = node
            return
        }
        let top = frames.count - 1
        frames[top].weight += weight
        switch frames[top].kind {
        case .sequence:
            frames[top].items.append(node)
        case .mapping:
            if let key = frames[top].pendingKey {
                frames[top].pendingKey = nil
                try checkDuplicate(key, in: top)
                frames[top].pairs.append(Node.Pair(key: key, value: node))
            } else {
                frames[top].pendingKey = node
            }
        }
    }

    // MARK: - Duplicate keys

    private mutating func checkDuplicate(_ key: Node, in top: Int) throws(Diagnostic) {
        // Only scalar keys are checked: the YAML test suite treats equal complex keys
        // (`{[a]: 1, [a]: 2}`) as well-formed, and workflows never use them.
        guard key.scalar != nil, !(mergeKeys && isMergeKey(key)) else { return }
        let identity = KeyIdentity(key)
        let count = frames[top].pairs.count
        if count < 12 {
            for pair in frames[top].pairs where !(mergeKeys && isMergeKey(pair.key)) && KeyIdentity(pair.key) == identity {
                throw duplicate(key, first: pair.key)
            }
            return
        }
        if frames[top].keyIndex == nil {
            var index: [KeyIdentity: Int] = [:]
            for (i, pair) in frames[top].pairs.enumerated() where pair.key.scalar != nil && !(mergeKeys && isMergeKey(pair.key)) {
                index[KeyIdentity(pair.key)] = i
            }
            frames[top].keyIndex = index
        }
        if let first = frames[top].keyIndex![identity] {
            throw duplicate(key, first: frames[top].pairs[first].key)
        }
        frames[top].keyIndex![identity] = count
    }

    private func duplicate(_ key: Node, first: Node) -> Diagnostic {
        let name = key.text.map { "'\($0)'" } ?? "key"
        return .error(
            "duplicate key \(name) in this mapping; each key may appear once",
            at: key.location, length: key.text?.count ?? 1,
            notes: [Diagnostic.Note("first defined here", at: first.location)])
    }

    // MARK: - Merge keys

    private func isMergeKey(_ key: Node) -> Bool {
        guard let scalar = key.scalar, scalar.text == "<<" else { return false }
        return (key.tag == nil && scalar.style == .plain) || key.tag == "tag:yaml.org,2002:merge"
    }

    /// Applies `<<` merge keys: the merged mappings' pairs are added where the merge key
    /// stood, unless the mapping already has the key (explicit keys win; among several
    /// merged mappings the earlier wins).
    private func merged(_ pairs: [Node.Pair]) throws(Diagnostic) -> [Node.Pair] {
        guard pairs.contains(where: { isMergeKey($0.key) }) else { return pairs }
        var taken = Set(pairs.filter { !isMergeKey($0.key) }.map { KeyIdentity($0.key) })
        var result: [Node.Pair] = []
        for pair in pairs {
            guard isMergeKey(pair.key) else {
                result.append(pair)
                continue
            }
            let sources: [Node]
            switch pair.value.content {
            case .mapping: sources = [pair.value]
            case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }): sources = items
            default:
                throw .error("a merge key '<<' takes a mapping or a list of mappings, not \(pair.value.kindDescription)", at: pair.value.location)
            }
            for source in sources {
                for inner in source.mapping ?? [] where taken.insert(KeyIdentity(inner.key)).inserted {
                    result.append(inner)
                }
            }
        }
        return result
    }
}

/// What makes two mapping keys the same key: equal resolved scalar values, or equal structure.
struct KeyIdentity: Hashable {
    private let value: String

    init(_ node: Node) {
        switch node.content {
        case .scalar:
            switch node.resolvedValue {
            case .null: value = "n"
            case .bool(let b): value = "b\(b)"
            case .int(let i): value = "i\(i)"
            case .float(let f): value = f.isNaN ? "fnan\(node.location)" : "f\(f)"
            case .string(let s): value = "s" + s
            }
        case .sequence(let items):
            value = "[" + items.map { KeyIdentity($0).value }.joined(separator: ",") + "]"
        case .mapping(let pairs):
            value = "{" + pairs.map { KeyIdentity($0.key).value + ":" + KeyIdentity($0.value).value }.joined(separator: ",") + "}"
        }
    }
}
