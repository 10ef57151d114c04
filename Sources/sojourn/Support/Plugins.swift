import CompiledPlugins
import SojournCore
import SojournKit

/// The registry of this build's plugins.
enum Plugins {
    static let registry: PluginRegistry = {
        do {
            return try PluginRegistry(compiledPlugins)
        } catch {
            fatalError("the compiled-in plugin list is inconsistent: \(error)")
        }
    }()
}
