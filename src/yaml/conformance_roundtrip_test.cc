// Round trip of the kube-inject goldens: every document of every expected.yaml is parsed and
// re-emitted with to_yaml; workload documents (what istioctl re-marshals) must match byte for byte.
#include <doctest/doctest.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "base/file_io.h"
#include "yaml/document.h"
#include "yaml/emit.h"

namespace sidecarctl::yaml {
namespace {

// Kinds istioctl kube-inject decodes and re-marshals; other documents pass through unchanged.
bool is_remarshalled(const Json& doc) {
  if (!doc.is_object() || !doc.contains("kind") || !doc["kind"].is_string()) return false;
  static const char* kKinds[] = {"Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job", "CronJob",
                                 "Pod", "ReplicationController", "DeploymentConfig", "List"};
  for (const char* k : kKinds) {
    if (doc["kind"] == k) return true;
  }
  return false;
}

TEST_CASE("to_yaml reproduces the kube-inject goldens byte for byte") {
  namespace fs = std::filesystem;
  fs::path cases = fs::path(SIDECARCTL_CONFORMANCE_DIR) / "inject" / "cases";
  if (!fs::is_directory(cases)) {
    MESSAGE("conformance directory absent, skipping: " << cases.string());
    return;
  }
  int files = 0, workload_docs = 0, workload_mismatch = 0, other_docs = 0, other_mismatch = 0;
  for (const auto& entry : fs::directory_iterator(cases)) {
    fs::path expected = entry.path() / "expected.yaml";
    if (!fs::exists(expected)) continue;
    ++files;
    Result<std::string> text = read_file(expected.string());
    REQUIRE(text.has_value());
    Result<std::vector<Document>> docs = load_stream(text.value(), expected.string());
    REQUIRE_MESSAGE(docs.has_value(), docs.error().to_string());
    int mismatches = 0;
    for (const Document& doc : docs.value()) {
      if (doc.value.is_null()) continue;
      std::string emitted = to_yaml(doc.value);
      bool same = emitted == doc.text;
      if (is_remarshalled(doc.value)) {
        ++workload_docs;
        if (!same) {
          ++workload_mismatch;
          ++mismatches;
          if (std::getenv("YAML_DIFF") != nullptr) {
            std::cout << "=== " << expected.string() << " doc " << doc.index << "\n--- expected\n"
                      << doc.text << "--- got\n" << emitted;
          }
        }
      } else {
        ++other_docs;
        if (!same) ++other_mismatch;
      }
    }
    if (mismatches > 0) std::cout << expected.string() << ": " << mismatches << " workload mismatches\n";
  }
  std::cout << "goldens: " << files << " files, workload documents " << workload_docs - workload_mismatch << "/"
            << workload_docs << " byte-exact, pass-through documents " << other_docs - other_mismatch << "/"
            << other_docs << " byte-exact\n";
  CHECK(workload_mismatch == 0);
}

}  // namespace
}  // namespace sidecarctl::yaml
