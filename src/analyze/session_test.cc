// Tests of analyze::run with --jobs: the report (messages with their file:line references, input
// errors, warnings, the resource count) is the one a single thread gives, for any number of threads.
#include "analyze/session.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analyze/output.h"
#include "base/test_temp_dir.h"

namespace sidecarctl::analyze {
namespace {

// Applications whose VirtualServices route to hosts no Service has (IST0101 each, more documents
// with messages than the positions kept), in flow and block style, with a repeated key (a warning).
std::string applications(int count, const std::string& ns = "shop") {
  std::string out;
  for (int i = 0; i < count; ++i) {
    std::string n = std::to_string(i);
    out += "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app" + n + ", namespace: " + ns +
           "}\n"
           "spec:\n  selector: {matchLabels: {app: app" +
           n +
           "}}\n  template:\n    metadata:\n"
           "      labels: {app: app" +
           n +
           "}\n    spec:\n      containers:\n      - name: app\n"
           "        image: nginx\n---\n";
    out += "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs" + n +
           "\n  namespace: " + ns + "\n  namespace: " + ns + "\nspec:\n  hosts: [app" + n +
           "]\n  http:\n"
           "  - route:\n    - destination: {host: missing" +
           n + ", subset: v1}\n---\n";
  }
  return out;
}

std::string report_text(const std::vector<std::string>& paths, const std::string& stdin_text, int jobs) {
  Request request;
  request.paths = paths;
  request.stdin_text = stdin_text;
  request.jobs = jobs;
  auto report = run(std::move(request));
  REQUIRE(report.has_value());
  std::string out = "resources " + std::to_string(report->resources) + "\n";
  for (const Error& e : report->input_errors) out += "error " + e.to_string() + "\n";
  for (const std::string& w : report->warnings) out += "warning " + w + "\n";
  return out + render_log(report->take_at_least(Level::kInfo), false);
}

TEST_CASE("run: any number of jobs gives the report of one thread") {
  TestTempDir dir;
  std::vector<std::string> paths = {
      dir.write("apps.yaml", applications(300)),
      // A parse error after good documents: the file gives that error only.
      dir.write("broken.yaml", applications(3) + "kind: [unclosed\n---\n" + applications(2)),
      // A workload that does not decode into its type, and an Istio spec that does not decode.
      dir.write(
          "undecodable.yaml",
          "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: 5}\n---\n"
          "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec: {servers: 5}\n"),
      (dir.path / "missing.yaml").string(),
      "-",
      dir.write("more.yaml", applications(40, "other")),
  };
  const std::string one = report_text(paths, "kind: Namespace\napiVersion: v1\nmetadata: {name: x}\n", 1);
  // 680 documents kept, the Namespace of stdin; the mesh config and networks, the default ingress
  // Service and Pod.
  CHECK(one.substr(0, one.find('\n')) == "resources 685");
  CHECK(one.find("IST0101") != std::string::npos);
  CHECK(one.find("broken.yaml") != std::string::npos);
  CHECK(one.find("missing.yaml") != std::string::npos);
  CHECK(one.find("warning ") != std::string::npos);
  for (int jobs : {2, 3, 8}) {
    CAPTURE(jobs);
    CHECK(report_text(paths, "kind: Namespace\napiVersion: v1\nmetadata: {name: x}\n", jobs) == one);
  }
}

}  // namespace
}  // namespace sidecarctl::analyze
