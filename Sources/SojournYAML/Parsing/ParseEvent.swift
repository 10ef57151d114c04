/// One libyaml parse event, in Swift terms. Positions are 0-based as libyaml gives them.
enum ParseEvent {
    /// A 0-based line and column, and the 0-based index of the character (Unicode
    /// scalar) in the input.
    struct Mark {
        var line: Int
        var column: Int
        var index: Int
    }

    case streamStart
    case streamEnd
    case documentStart(Mark, hasDirectives: Bool)
    case documentEnd(implicit: Bool)
    case alias(anchor: String, Mark)
    case scalar(Scalar, anchor: String?, tag: String?, Mark, end: Mark)
    case sequenceStart(anchor: String?, tag: String?, Mark)
    case sequenceEnd(end: Mark)
    case mappingStart(anchor: String?, tag: String?, Mark)
    case mappingEnd(end: Mark)
}

/// A problem libyaml reported, with the positions it gave.
struct LibYAMLProblem: Error {
    /// libyaml's description of the problem (`did not find expected key`).
    var problem: String
    /// Where the problem is; for reader errors, computed from the byte offset.
    var mark: ParseEvent.Mark?
    /// A byte offset, for problems found while decoding the input (invalid UTF-8).
    var byteOffset: Int?
    /// What libyaml was doing (`while parsing a block mapping`) and where that started.
    var context: String?
    var contextMark: ParseEvent.Mark?
}
