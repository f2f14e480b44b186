// The proxy environment an injection URL path carries, parsed as istiod's parseInjectEnvs:
// `/inject/cluster/c1/net/n1` (key/value segments, `--slash--` in a value stands for `/`) and the
// deprecated `/inject/:ENV:cluster=c1:ENV:net=n1` form.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sidecarctl::webhook {

struct InjectPath {
  std::map<std::string, std::string> envs;  // ISTIO_META_CLUSTER_ID, ISTIO_META_NETWORK, or the key upper-cased
  std::vector<std::string> warnings;        // an odd number of segments: the last key is ignored
};

// Whether `path` is one the injection handler serves: `/inject`, `/inject/` and below.
bool is_inject_path(std::string_view path);

// The environment of an injection path. Keys `cluster` and `net` map to ISTIO_META_CLUSTER_ID and
// ISTIO_META_NETWORK, any other key to its upper-case form; a key without a value is ignored.
InjectPath parse_inject_path(std::string_view path);

}  // namespace sidecarctl::webhook
