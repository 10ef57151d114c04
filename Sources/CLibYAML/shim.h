// The system libyaml (Debian: libyaml-dev, pkg-config: yaml-0.1).
// Only SojournYAML/Parsing/EventParser.swift imports this module.
#include <yaml.h>
