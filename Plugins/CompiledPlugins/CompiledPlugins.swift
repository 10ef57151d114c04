// The one list of step plugins compiled into sojourn. To add a plugin, create its
// folder under Plugins/ (`sojourn plugins new NAME` does it) and add its type here.
public import SojournKit
import TaskStep

/// Every step plugin this build of Sojourn includes.
public let compiledPlugins: [any StepPlugin.Type] = [
    TaskPlugin.self,
]
