// The only file that sees libyaml: it turns the C event stream into `ParseEvent`s.
internal import CLibYAML

/// Drives libyaml's event parser over a buffer of UTF-8 bytes.
enum EventParser {
    /// Parses `bytes` and hands each event to `handle`, in order.
    ///
    /// - Throws: `LibYAMLProblem` for input libyaml rejects, or whatever `handle` throws.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, handle: (consuming ParseEvent) throws -> Void) throws {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw LibYAMLProblem(problem: "libyaml could not start (out of memory)")
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, bytes.count)

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                throw problem(of: parser.pointee)
            }
            defer { yaml_event_delete(&event) }
            let isEnd = event.type == YAML_STREAM_END_EVENT
            try handle(convert(event))
            if isEnd { return }
        }
    }

    /// Runs libyaml's parser over `bytes` and only counts the events: the bare cost of
    /// parsing, which benchmarks compare the loader with.
    static func countEvents(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { throw LibYAMLProblem(problem: "libyaml could not start") }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, bytes.count)
        var event = yaml_event_t()
        var count = 0
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else { throw problem(of: parser.pointee) }
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            count += 1
            if done { return count }
        }
    }

    private static func convert(_ event: yaml_event_t) -> ParseEvent {
        let mark = Self.mark(event.start_mark)
        let end = Self.mark(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            let data = event.data.document_start
            return .documentStart(mark, hasDirectives: data.version_directive != nil || data.tag_directives.start != data.tag_directives.end)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd(implicit: event.data.document_end.implicit != 0)
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            return .scalar(Scalar(text, style: style(data.style)), anchor: string(data.anchor), tag: string(data.tag), mark, end: end)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(anchor: string(data.anchor), tag: string(data.tag), mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(end: end)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(anchor: string(data.anchor), tag: string(data.tag), mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(end: end)
        default:
            return .streamEnd
        }
    }

    private static func mark(_ mark: yaml_mark_t) -> ParseEvent.Mark {
        ParseEvent.Mark(line: Int(mark.line), column: Int(mark.column), index: Int(mark.index))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func style(_ style: yaml_scalar_style_t) -> Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func problem(of parser: yaml_parser_t) -> LibYAMLProblem {
        let message = parser.problem.map { String(cString: $0) } ?? "unknown libyaml error"
        let context = parser.context.map { String(cString: $0) }
        let contextMark = context == nil ? nil : mark(parser.context_mark)
        switch parser.error {
        case YAML_READER_ERROR:
            return LibYAMLProblem(problem: message, byteOffset: Int(parser.problem_offset))
        case YAML_MEMORY_ERROR:
            return LibYAMLProblem(problem: "libyaml ran out of memory")
        default:
            return LibYAMLProblem(problem: message, mark: mark(parser.problem_mark), context: context, contextMark: contextMark)
        }
    }
}
