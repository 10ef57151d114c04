/// One node of a YAML document: a scalar, a sequence or a mapping, with its position.
///
/// Aliases are resolved while loading (an alias is a copy of the anchored node, sharing
/// its storage), and merge keys (`<<`) are applied, so consumers see plain trees.
public struct Node: Sendable {
    /// What a node holds.
    public enum Content: Sendable {
        /// A scalar: text with the style it was written in.
        case scalar(Scalar)
        /// A sequence of nodes.
        case sequence([Node])
        /// A mapping: key and value pairs in source order.
        case mapping([Pair])
    }

    /// A key and its value in a mapping.
    public struct Pair: Sendable {
        /// The key node.
        public var key: Node
        /// The value node.
        public var value: Node

        /// Creates a pair.
        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    // Stored compactly (48 bytes a node): tags are rare, so they live in a box.
    /// The node's content.
    public var content: Content
    /// Where the node starts.
    public var location: SourceLocation
    private var tagBox: TagBox?

    /// The explicit tag in full form (`tag:yaml.org,2002:str`, `!local`), or `nil` when
    /// the node has none. A quoted scalar or `!` is non-specific and reads as a string.
    public var tag: String? {
        get { tagBox?.tag }
        set { tagBox = newValue.map(TagBox.init) }
    }

    /// Creates a node.
    public init(_ content: Content, tag: String? = nil, at location: SourceLocation) {
        self.content = content
        self.location = location
        self.tagBox = tag.map(TagBox.init)
    }

    /// The scalar, if this is a scalar node.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The items, if this is a sequence node.
    public var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The pairs, if this is a mapping node.
    public var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The text of a scalar node, whatever it resolves to.
    public var text: String? { scalar?.text }

    /// The value of the first pair whose key is the string `key`.
    public subscript(key: String) -> Node? {
        mapping?.first { $0.key.text == key }?.value
    }

    private final class TagBox: Sendable {
        let tag: String
        init(_ tag: String) { self.tag = tag }
    }

    /// What the node is, for messages: `text 'abc'`, `a number`, `a list`, `a mapping`.
    public var kindDescription: String {
        switch content {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar:
            switch resolvedValue {
            case .null: return "nothing"
            case .bool(let b): return "yes-no value '\(b)'"
            case .int(let i): return "number \(i)"
            case .float: return "number \(text ?? "")"
            case .string(let s): return "text '\(s)'"
            }
        }
    }
}
