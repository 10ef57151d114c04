/// Bounds that keep a hostile YAML file from exhausting memory or the stack.
///
/// The defaults are far above anything a workflow needs and far below what would hurt.
public struct LoaderLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes.
    public var maxInputBytes: Int
    /// The deepest nesting of sequences and mappings accepted.
    public var maxDepth: Int
    /// How many nodes aliases may copy in one stream, in total (a "billion laughs"
    /// file copies billions; a real file a few hundred).
    public var maxAliasExpansion: Int

    /// Creates limits.
    public init(maxInputBytes: Int = 16 << 20, maxDepth: Int = 256, maxAliasExpansion: Int = 100_000) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// The default limits.
    public static let `default` = LoaderLimits()
}
