/// Builds node trees from parse events: resolves aliases and merge keys, rejects
/// duplicate keys, and enforces the nesting and alias-expansion limits.
///
/// Children of open collections wait on shared stacks, so each sequence or mapping
/// allocates its array once, at its exact size, when it closes.
struct TreeBuilder {
    /// A collection under construction.
    private struct Frame {
        enum Kind { case sequence, mapping }
        var kind: Kind
        var anchor: String?
        var tag: String?
        var location: SourceLocation
        /// Where this collection's children start on `items` (sequences) or `pairs`
        /// and `keyIdentities` (mappings).
        var start = 0
        var pendingKey: Node?
        /// How many nodes this collection holds, aliases counted at their full size.
        var weight = 1
        /// Whether a `<<` merge key is among the keys.
        var hasMergeKey = false
        /// Key hashes to positions, built once a mapping grows large.
        var keyIndex: [UInt64: Int]?
    }

    private let items = MoveStack<Node>()
    private let pairs = MoveStack<Node.Pair>()
    /// A hash of each scalar key of open mappings (0 for complex and merge keys),
    /// parallel to `pairs`: comparing hashes first keeps duplicate checks cheap.
    private let keyHashes = MoveStack<UInt64>()

    private let file: FileName
    private var guards: SpecGuards
    private let limits: LoaderLimits
    private let mergeKeys: Bool
    private var frames: [Frame] = []
    private var anchors: [String: (node: Node, weight: Int)] = [:]
    private var aliasExpansion = 0
    private(set) var documents: [Node] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var documentRoot: Node?

    init(file: String, bytes: UnsafeBufferPointer<UInt8>, limits: LoaderLimits, mergeKeys: Bool) {
        self.file = FileName(file)
        self.guards = SpecGuards(bytes: bytes, file: file)
        self.limits = limits
        self.mergeKeys = mergeKeys
    }

    private func location(_ mark: ParseEvent.Mark) -> SourceLocation {
        SourceLocation(name: file, line: mark.line + 1, column: mark.column + 1)
    }

    /// Takes one event. Throws the first problem that stops loading.
    mutating func handle(_ event: consuming ParseEvent) throws(Diagnostic) {
        switch consume event {
        case .streamStart, .streamEnd:
            break
        case .documentStart(let mark, let hasDirectives):
            try guards.documentStarted(at: mark, hasDirectives: hasDirectives)
            anchors.removeAll(keepingCapacity: true)
            documentRoot = nil
        case .documentEnd(let implicit):
            guards.documentEnded(implicit: implicit)
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
        case .scalar(let scalar, let anchor, let tag, let mark, let end):
            try guards.scalar(scalar, anchor: anchor, start: mark, end: end)
            try add(Node(.scalar(scalar), tag: tag, at: location(mark)), weight: 1, anchor: anchor)
        case .sequenceStart(let anchor, let tag, let mark):
            try open(Frame(kind: .sequence, anchor: anchor, tag: tag, location: location(mark), start: items.count))
        case .mappingStart(let anchor, let tag, let mark):
            try open(Frame(kind: .mapping, anchor: anchor, tag: tag, location: location(mark), start: pairs.count))
        case .sequenceEnd(let end):
            try guards.collectionOrQuoteEnded(at: end)
            let frame = frames.removeLast()
            let children = items.popArray(from: frame.start)
            try add(Node(.sequence(children), tag: frame.tag, at: frame.location), weight: frame.weight, anchor: frame.anchor)
        case .mappingEnd(let end):
            try guards.collectionOrQuoteEnded(at: end)
            let frame = frames.removeLast()
            var children = pairs.popArray(from: frame.start)
            keyHashes.drop(from: frame.start)
            if frame.hasMergeKey { children = try merged(children) }
            try add(Node(.mapping(children), tag: frame.tag, at: frame.location), weight: frame.weight, anchor: frame.anchor)
        }
    }

    private mutating func open(_ frame: Frame) throws(Diagnostic) {
        guard frames.count < limits.maxDepth else {
            throw .error("the data is nested more than \(limits.maxDepth) levels deep", at: frame.location)
        }
        frames.append(frame)
    }

    private mutating func add(_ node: consuming Node, weight: Int, anchor: String?) throws(Diagnostic) {
        if let anchor { anchors[anchor] = (node, weight) }
        guard !frames.isEmpty else {
            documentRoot = node
            return
        }
        let top = frames.count - 1
        frames[top].weight += weight
        switch frames[top].kind {
        case .sequence:
            items.push(node)
        case .mapping:
            if let key = frames[top].pendingKey.take() {
                try checkDuplicate(key, in: top)
                pairs.push(Node.Pair(key: key, value: node))
            } else {
                frames[top].pendingKey = node
            }
        }
    }

    // MARK: - Duplicate keys

    private mutating func checkDuplicate(_ key: Node, in top: Int) throws(Diagnostic) {
        // Only scalar keys are checked: the YAML test suite treats equal complex keys
        // (`{[a]: 1, [a]: 2}`) as well-formed, and workflows never use them.
        guard case .scalar = key.content else {
            keyHashes.push(0)
            return
        }
        if mergeKeys, isMergeKey(key) {
            frames[top].hasMergeKey = true
            keyHashes.push(0)
            return
        }
        let hash = KeyIdentity.hash(of: key)
        let start = frames[top].start
        let count = keyHashes.count - start
        if count < 12 {
            for index in start..<keyHashes.count where keyHashes[index] == hash {
                let other = pairs[index].key
                if KeyIdentity(other) == KeyIdentity(key) { throw duplicate(key, first: other) }
            }
        } else {
            if frames[top].keyIndex == nil {
                var index: [UInt64: Int] = [:]
                for i in start..<keyHashes.count where keyHashes[i] != 0 { index[keyHashes[i]] = i }
                frames[top].keyIndex = index
            }
            if let first = frames[top].keyIndex![hash] {
                // A hash match is almost surely the same key; check, and on a collision
                // compare with every key.
                for index in [first] + Array(start..<keyHashes.count) where keyHashes[index] == hash {
                    let other = pairs[index].key
                    if KeyIdentity(other) == KeyIdentity(key) { throw duplicate(key, first: other) }
                }
            }
            frames[top].keyIndex![hash] = keyHashes.count
        }
        keyHashes.push(hash)
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

/// What makes two mapping keys the same key: equal resolved scalar values (`1` and
/// `01` are the same key; `1` and `"1"` are not), or equal structure.
struct KeyIdentity: Hashable {
    private enum Kind: UInt8 { case string, null, bool, int, float, complex }
    private let kind: Kind
    /// The text for strings (shared with the node, so no copy), else a canonical form.
    private let text: String

    init(_ node: Node) {
        switch node.content {
        case .scalar(let scalar):
            // Most keys are plain words: resolve only what could be something else.
            guard (scalar.style == .plain && CoreSchema.mayResolveToNonString(scalar.text)) || node.tag != nil else {
                (kind, text) = (.string, scalar.text)
                return
            }
            switch node.resolvedValue {
            case .null: (kind, text) = (.null, "")
            case .bool(let b): (kind, text) = (.bool, b ? "true" : "false")
            case .int(let i): (kind, text) = (.int, String(i))
            case .float(let f): (kind, text) = (.float, f.isNaN ? "nan\(node.location)" : "\(f)")
            case .string(let s): (kind, text) = (.string, s)
            }
        case .sequence(let items):
            (kind, text) = (.complex, "[" + items.map { KeyIdentity($0).description }.joined(separator: ",") + "]")
        case .mapping(let pairs):
            (kind, text) = (.complex, "{" + pairs.map { KeyIdentity($0.key).description + ":" + KeyIdentity($0.value).description }.joined(separator: ",") + "}")
        }
    }

    private var description: String { "\(kind.rawValue)\(text)" }

    /// A 64-bit FNV-1a hash of a scalar key's identity, never 0; computed without
    /// building the identity for the common case of a plain word.
    static func hash(of node: Node) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        if case .scalar(let scalar) = node.content, node.tag == nil,
           scalar.style != .plain || !CoreSchema.mayResolveToNonString(scalar.text)
            || CoreSchema.resolve(scalar.text) == .string(scalar.text) {
            hash = (hash ^ UInt64(Kind.string.rawValue + 1)) &* 0x100_0000_01b3
            var text = scalar.text
            text.withUTF8 { bytes in
                for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            }
        } else {
            let identity = KeyIdentity(node)
            hash = (hash ^ UInt64(identity.kind.rawValue + 1)) &* 0x100_0000_01b3
            for byte in identity.text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return hash == 0 ? 1 : hash
    }
}
