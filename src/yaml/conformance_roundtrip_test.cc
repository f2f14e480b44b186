// Round trip of the kube-inject goldens: every expected.yaml is parsed and written again the way
// kube-inject writes a stream (workload documents re-emitted with to_yaml, other documents passed
// through as read, each followed by "---"); the whole file must come back byte for byte.
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
  int files = 0, files_exact = 0, workload_docs = 0, workload_mismatch = 0, other_docs = 0;
  for (const auto& entry : fs::directory_iterator(cases)) {
    fs::path expected = entry.path() / "expected.yaml";
    if (!fs::exists(expected)) continue;
    ++files;
    Result<std::string> text = read_file(expected.string());
    REQUIRE(text.has_value());
    Result<std::vector<Document>> docs = load_stream(text.value(), expected.string());
    REQUIRE_MESSAGE(docs.has_value(), docs.error().to_string());
    int mismatches = 0;
    std::string written;
    for (const Document& doc : docs.value()) {
      if (!is_remarshalled(doc.value)) {
        ++other_docs;
        written += doc.text;
      } else {
        ++workload_docs;
        std::string emitted = to_yaml(doc.value);
        if (emitted != doc.text) {
          ++workload_mismatch;
          ++mismatches;
          if (std::getenv("YAML_DIFF") != nullptr) {
            std::cout << "=== " << expected.string() << " doc " << doc.index << "\n--- expected\n"
                      << doc.text << "--- got\n" << emitted;
          }
        }
        written += emitted;
      }
      written += "---\n";
    }
    if (written == text.value()) {
      ++files_exact;
    } else {
      std::cout << expected.string() << ": not reproduced (" << mismatches << " workload mismatches)\n";
    }
  }
  std::cout << "goldens: " << files_exact << "/" << files << " files byte-exact; workload documents "
            << workload_docs - workload_mismatch << "/" << workload_docs << " re-emitted byte-exact, "
            << other_docs << " passed through\n";
  CHECK(files > 0);
  CHECK(workload_mismatch == 0);
  CHECK(files_exact == files);
}

}  // namespace
}  // namespace sidecarctl::yaml
