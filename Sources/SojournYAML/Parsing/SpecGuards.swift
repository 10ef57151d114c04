/// Checks for input that libyaml 0.2.5 accepts although the YAML 1.2 spec rejects it, or
/// silently reads differently from the spec. Each check turns a silent misreading into
/// a positioned error, so the loader never returns data the file does not say.
struct SpecGuards {
    private var text: CharacterLookup
    private let file: String
    private var previousDocumentEndWasImplicit = false

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.text = CharacterLookup(bytes: bytes)
        self.file = file
    }

    private func location(_ mark: ParseEvent.Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    mutating func documentStarted(at mark: ParseEvent.Mark, hasDirectives: Bool) throws(Diagnostic) {
        if hasDirectives, previousDocumentEndWasImplicit {
            throw .error("a directive ('%...') must come after '...', which ends the previous document", at: location(mark))
        }
        previousDocumentEndWasImplicit = false
    }

    mutating func documentEnded(implicit: Bool) {
        previousDocumentEndWasImplicit = implicit
    }

    mutating func scalar(_ scalar: Scalar, anchor: String?, start: ParseEvent.Mark, end: ParseEvent.Mark) throws(Diagnostic) {
        if let anchor, anchor.isEmpty == false, text[start.index] == UInt8(ascii: "&"),
           text[start.index + 1 + anchor.unicodeScalars.count] == UInt8(ascii: ":") {
            throw .error("an anchor name cannot contain ':'; rename '&\(anchor):...'", at: location(start))
        }
        switch scalar.style {
        case .plain:
            if start.index > 0, text[start.index - 1] == UInt8(ascii: "?") {
                throw .error("'?' directly before text is read as a key indicator; quote the text ('\"?\(scalar.text)\"') or put a space after '?'", at: location(start).advanced(by: -1))
            }
        case .singleQuoted, .doubleQuoted:
            try collectionOrQuoteEnded(at: end)
        case .literal, .folded:
            var i = start.index + 1
            while let c = text[i], c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) { i += 1 }
            if text[i] == UInt8(ascii: "#") {
                throw .error("a comment needs a space before '#'", at: location(start).advanced(by: i - start.index))
            }
        }
    }

    /// `"value"# note` and `[a]#note`: a comment must be separated from a token by a space.
    mutating func collectionOrQuoteEnded(at end: ParseEvent.Mark) throws(Diagnostic) {
        var index = end.index
        if text[index] == UInt8(ascii: ",") { index += 1 }
        if text[index] == UInt8(ascii: "#") {
            throw .error("a comment needs a space before '#'", at: location(end).advanced(by: index - end.index))
        }
    }
}

/// Looks up ASCII characters by character index (libyaml's marks count Unicode scalars,
/// the input is UTF-8), walking from the last lookup so a pass over the events stays linear.
struct CharacterLookup {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Whether every byte is ASCII, so character indices are byte offsets.
    private let isASCII: Bool
    private var characterIndex = 0
    private var byteOffset = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        isASCII = high < 0x80
    }

    /// The byte at character `index` when that character is ASCII; `nil` otherwise or out of range.
    subscript(index: Int) -> UInt8? {
        mutating get {
            guard index >= 0 else { return nil }
            if isASCII { return index < bytes.count ? bytes[index] : nil }
            while characterIndex < index {
                guard byteOffset < bytes.count else { return nil }
                byteOffset += 1
                while byteOffset < bytes.count, bytes[byteOffset] & 0xC0 == 0x80 { byteOffset += 1 }
                characterIndex += 1
            }
            while characterIndex > index {
                byteOffset -= 1
                while byteOffset > 0, bytes[byteOffset] & 0xC0 == 0x80 { byteOffset -= 1 }
                characterIndex -= 1
            }
            guard byteOffset < bytes.count, bytes[byteOffset] < 0x80 else { return nil }
            return bytes[byteOffset]
        }
    }
}
