// The function map Istio parses its injection templates with: Go's builtins, sprig's TxtFuncMap
// and Istio's InjectionFuncmap (pkg/kube/inject/template.go) on top, Istio's winning on clashes.
#pragma once

#include "base/environment.h"
#include "gotemplate/function.h"

namespace sidecarctl::inject {

// Registers Istio's helpers: formatDuration isset excludeInboundPort includeInboundPorts
// kubevirtInterfaces excludeInterfaces applicationPorts annotation valueOrDefault toJSON fromJSON
// structToJSON protoToJSON toYaml indent directory contains toLower appendMultusNetwork env omit
// strdict toJsonMap mergeMaps omitNil otelResourceAttributes. `env` reads `environment` (copied).
void register_istio(gotemplate::FunctionMap& map, const Environment& environment);

// builtins + sprig + Istio, in that order (later registrations replace earlier ones).
gotemplate::FunctionMap istio_function_map(const Environment& environment);

}  // namespace sidecarctl::inject
