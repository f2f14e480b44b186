// normalize_typed against the inject conformance suite: for every case, each injectable input
// document, normalized, must equal the expected (injected) document everywhere injection does not
// write: outside the pod template's annotations/labels, the injected containers, init containers,
// volumes, image pull secrets and pod securityContext, and the probes, lifecycle hooks, env and
// volume mounts of the application containers (rewritten or extended by some templates).
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "kube/typed_object.h"
#include "kube/workload.h"
#include "yaml/document.h"

namespace sidecarctl::kube {
namespace {

namespace fs = std::filesystem;

struct Tally {
  int documents = 0;
  int documents_equal = 0;
  int leaves = 0;
  int leaves_equal = 0;
  std::vector<std::string> mismatches;
};

bool skipped(const std::string& pointer, const std::set<std::string>& excluded) {
  for (const std::string& prefix : excluded) {
    if (pointer == prefix || (pointer.size() > prefix.size() && pointer.compare(0, prefix.size(), prefix) == 0 &&
                              pointer[prefix.size()] == '/')) {
      return true;
    }
  }
  return false;
}

// Walks `a` and `b` together, counting leaves (and whole subtrees present on one side only).
void compare(const Json& a, const Json& b, const std::string& pointer, const std::set<std::string>& excluded,
             Tally& tally, bool& equal) {
  if (skipped(pointer, excluded)) return;
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
    for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
    for (const std::string& k : keys) {
      const std::string child = pointer + "/" + k;
      if (skipped(child, excluded)) continue;
      if (!a.contains(k) || !b.contains(k)) {
        ++tally.leaves;
        equal = false;
        tally.mismatches.push_back(child + (a.contains(k) ? " only in normalized input" : " only in expected"));
        continue;
      }
      compare(a[k], b[k], child, excluded, tally, equal);
    }
    return;
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      compare(a[i], b[i], pointer + "/" + std::to_string(i), excluded, tally, equal);
    }
    return;
  }
  ++tally.leaves;
  if (a == b) {
    ++tally.leaves_equal;
  } else {
    equal = false;
    tally.mismatches.push_back(pointer + ": " + a.dump() + " vs " + b.dump());
  }
}

// The paths injection writes in a workload whose pod template sits at `tpl`.
void exclude_injected(const Json& normalized, const std::string& base, std::set<std::string>& excluded) {
  const auto kind = workload_kind(normalized);
  if (!kind) return;
  const std::string tpl = base + std::string(pod_template_pointer(*kind));
  const std::string meta = base + std::string(pod_metadata_pointer(*kind));
  excluded.insert(meta + "/annotations");
  excluded.insert(meta + "/labels");
  excluded.insert(tpl + "/metadata/annotations");
  excluded.insert(tpl + "/metadata/labels");
  for (const char* f : {"initContainers", "volumes", "imagePullSecrets", "securityContext"}) {
    excluded.insert(tpl + "/spec/" + f);  // templates may set the pod securityContext (gateways)
  }
  // Containers are compared by name in compare_containers (the proxy may come first).
  excluded.insert(tpl + "/spec/containers");
}

void compare_containers(const Json& normalized, const Json& expected, const std::string& base, Tally& tally,
                        bool& equal) {
  const Json* a = find_pod_template(normalized);
  const Json* b = find_pod_template(expected);
  if (a == nullptr || b == nullptr) return;
  const Json& ac = (*a)["spec"].value("containers", Json::array());
  const Json& bc = (*b)["spec"].value("containers", Json::array());
  const auto kind = workload_kind(normalized);
  const std::string tpl = base + std::string(pod_template_pointer(*kind));
  for (const Json& c : ac) {
    for (std::size_t j = 0; j < bc.size(); ++j) {
      if (bc[j].value("name", "") != c.value("name", "") || c.value("name", "") == "istio-proxy") continue;
      const std::string at = tpl + "/spec/containers/" + std::to_string(j);
      // Probes and lifecycle hooks are rewritten to the agent; some templates (grpc, custom)
      // add env and volume mounts to the application containers.
      const std::set<std::string> excluded = {at + "/readinessProbe", at + "/livenessProbe", at + "/startupProbe",
                                              at + "/lifecycle",      at + "/env",           at + "/volumeMounts"};
      compare(c, bc[j], at, excluded, tally, equal);
    }
  }
}

void compare_document(const Json& normalized, const Json& expected, const std::string& base, Tally& tally,
                      bool& equal) {
  std::set<std::string> excluded;
  if (is_list(normalized)) {
    const Json* items = list_items(normalized);
    excluded.insert(base + "/items");
    if (items != nullptr && expected.contains("items") && expected["items"].size() == items->size()) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        compare_document((*items)[i], expected["items"][i], base + "/items/" + std::to_string(i), tally, equal);
      }
    }
  } else {
    exclude_injected(normalized, base, excluded);
    compare_containers(normalized, expected, base, tally, equal);
  }
  compare(normalized, expected, base, excluded, tally, equal);
}

TEST_CASE("normalize_typed agrees with istioctl's output on the inject suite outside injected paths") {
  const fs::path cases = fs::path(SIDECARCTL_CONFORMANCE_DIR) / "inject" / "cases";
  if (!fs::exists(cases)) {
    MESSAGE("conformance suite not found at " << cases.string() << "; skipped");
    return;
  }
  Tally tally;
  int case_count = 0;
  for (const auto& entry : fs::directory_iterator(cases)) {
    const fs::path expected_path = entry.path() / "expected.yaml";
    if (!fs::exists(expected_path)) continue;
    auto input_text = read_file(entry.path() / "input.yaml");
    auto expected_text = read_file(expected_path);
    REQUIRE(input_text.has_value());
    REQUIRE(expected_text.has_value());
    auto inputs = yaml::load_stream(input_text.value(), "input.yaml");
    auto expecteds = yaml::load_stream(expected_text.value(), "expected.yaml");
    REQUIRE(inputs.has_value());
    REQUIRE(expecteds.has_value());
    ++case_count;
    // Documents pair up in order; expected has no empty documents.
    std::vector<const yaml::Document*> in_docs;
    std::vector<const yaml::Document*> out_docs;
    for (const auto& d : inputs.value()) {
      if (!d.value.is_null()) in_docs.push_back(&d);
    }
    for (const auto& d : expecteds.value()) {
      if (!d.value.is_null()) out_docs.push_back(&d);
    }
    CHECK_MESSAGE(in_docs.size() == out_docs.size(), entry.path().filename().string());
    for (std::size_t i = 0; i < in_docs.size() && i < out_docs.size(); ++i) {
      const Json& in = in_docs[i]->value;
      if (!workload_kind(in).has_value()) continue;
      auto normalized = normalize_typed(in, in_docs[i]);
      REQUIRE_MESSAGE(normalized.has_value(), normalized.error().to_string());
      ++tally.documents;
      bool equal = true;
      const std::size_t before = tally.mismatches.size();
      compare_document(normalized.value(), out_docs[i]->value, "", tally, equal);
      for (std::size_t m = before; m < tally.mismatches.size(); ++m) {
        tally.mismatches[m] = entry.path().filename().string() + ": " + tally.mismatches[m];
      }
      if (equal) ++tally.documents_equal;
    }
  }
  MESSAGE("typed conformance: " << case_count << " cases, " << tally.documents_equal << "/" << tally.documents
                                << " documents agree, " << tally.leaves_equal << "/" << tally.leaves
                                << " compared leaves agree");
  for (const std::string& m : tally.mismatches) CHECK_MESSAGE(false, m);
  CHECK(tally.documents > 80);
}

}  // namespace
}  // namespace sidecarctl::kube
