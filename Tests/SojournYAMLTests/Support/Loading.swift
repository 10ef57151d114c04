import SojournYAML

/// Loads one document from text, as `test.yaml`.
func load(_ text: String, limits: LoaderLimits = .default) throws(Diagnostic) -> Node {
    try YAMLLoader(limits: limits).loadDocument(SourceFile(path: "test.yaml", text: text))
}

/// The diagnostic loading `text` throws, or `nil` when it loads.
func loadError(_ text: String, limits: LoaderLimits = .default) -> Diagnostic? {
    do {
        _ = try load(text, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// The rendered form of diagnostics about `text`, as the CLI prints them.
func rendered(_ diagnostics: [Diagnostic], text: String) -> String {
    DiagnosticRenderer(sources: ["test.yaml": SourceFile(path: "test.yaml", text: text)]).render(diagnostics)
}
