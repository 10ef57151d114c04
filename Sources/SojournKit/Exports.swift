// Plugins import SojournKit alone. The node tree, `Located`, `Diagnostic` and the
// decoder their configuration goes through come from SojournYAML, re-exported here so
// a plugin never names another module.
@_exported public import SojournYAML
