#include <doctest/doctest.h>

#include "base/file_io.h"
#include "iptables/manifest.h"
#include "iptables/preview.h"
#include "iptables/render.h"

using namespace sidecarctl;
using namespace sidecarctl::iptables;

namespace {
std::vector<yaml::Document> load(const std::string& text) {
  auto docs = yaml::load_stream(text, "m.yaml");
  REQUIRE(docs.has_value());
  return *docs;
}
std::string flags_of(const WorkloadCapture& w) {
  std::string out;
  for (const FlagValue& f : w.flags) out += f.name + "=" + f.value + ";";
  return out;
}
}  // namespace

TEST_CASE("the sample manifest: annotations, istio-init args, CNI, a List; Services skipped") {
  auto text = read_file(std::string(SIDECARCTL_SOURCE_DIR) + "/testdata/iptables/sample.yaml");
  REQUIRE(text.has_value());
  auto workloads = workloads_from_documents(load(*text));
  REQUIRE(workloads.has_value());
  REQUIRE(workloads->size() == 3);
  const WorkloadCapture& storefront = (*workloads)[0];
  CHECK(storefront.title() == "Deployment shop/storefront");
  CHECK(storefront.source == CaptureSource::kAnnotations);
  CHECK(flags_of(storefront) ==
        "envoy-port=15001;inbound-capture-port=15006;proxy-uid=1337;istio-inbound-interception-mode=REDIRECT;"
        "istio-service-cidr=*;istio-service-exclude-cidr=169.254.169.254/32;istio-inbound-ports=*;"
        "istio-local-exclude-ports=15090,15021,9901,15020;istio-local-outbound-ports-exclude=5432;");
  CHECK(storefront.flags[5].origin.describe() == "annotation traffic.sidecar.istio.io/excludeOutboundIPRanges (m.yaml:20:9)");
  CHECK(storefront.flags[6].origin.describe() == "injection default values.global.proxy.includeInboundPorts");
  CHECK(storefront.app_ports == std::vector<std::string>{"8080", "9901"});

  const WorkloadCapture& payments = (*workloads)[1];
  CHECK(payments.source == CaptureSource::kInitContainer);
  REQUIRE(payments.flags.size() == 8);
  CHECK(payments.flags[5].name == "istio-service-exclude-cidr");
  CHECK(payments.flags[5].origin.describe() == "init container arg -x (m.yaml:63:7)");
  CHECK(payments.env.vars.get("ISTIO_META_DNS_CAPTURE") == "true");

  const WorkloadCapture& job = (*workloads)[2];
  CHECK(job.title() == "Job shop/nightly-report");
  CHECK(job.source == CaptureSource::kCniValidation);
  CHECK(flags_of(job).find("skip-rule-apply") == std::string::npos);
}

TEST_CASE("status port and excluded ports combine as the injection template does") {
  auto w = workloads_from_documents(load(
      "kind: Pod\nmetadata:\n  name: p\n  annotations:\n    status.sidecar.istio.io/port: \"0\"\n"
      "    istio.io/reroute-virtual-interfaces: net0\n    traffic.sidecar.istio.io/kubevirtInterfaces: net1\n"
      "    sidecar.istio.io/interceptionMode: TPROXY\nspec:\n  containers: [{name: a}]\n"));
  REQUIRE(w.has_value());
  CHECK(flags_of(w->front()) ==
        "envoy-port=15001;inbound-capture-port=15006;proxy-uid=1337;istio-inbound-interception-mode=TPROXY;istio-service-cidr=*;"
        "istio-service-exclude-cidr=;istio-inbound-ports=*;istio-local-exclude-ports=15090,15021;kube-virt-interfaces=net0;");
  auto config = workloads_from_documents(load(
      "kind: Pod\nmetadata:\n  name: p\n  annotations:\n    proxy.istio.io/config: |\n      interceptionMode: TPROXY\n"
      "      proxyMetadata:\n        ISTIO_META_DNS_CAPTURE: \"true\"\nspec: {}\n"));
  REQUIRE(config.has_value());
  CHECK(config->front().flags[3].value == "TPROXY");
  CHECK(config->front().flags[3].origin.describe() == "annotation proxy.istio.io/config interceptionMode (m.yaml:5:5)");
  CHECK(config->front().env.vars.get("ISTIO_META_DNS_CAPTURE") == "true");
  auto none = workloads_from_documents(load("kind: Pod\nmetadata:\n  name: p\n  annotations:\n    sidecar.istio.io/interceptionMode: NONE\nspec: {}\n"));
  CHECK(flags_of(none->front()) == "skip-rule-apply=true;");
}

TEST_CASE("bad values in a manifest are input errors at their line") {
  auto docs = load("kind: Pod\nmetadata:\n  name: p\n  annotations:\n    traffic.sidecar.istio.io/includeOutboundIPRanges: 10.0.0.0/99\nspec: {}\n");
  auto sections = sections_from_manifest(docs, "", PodFacts{});
  REQUIRE_FALSE(sections.has_value());
  CHECK(sections.error().kind == ErrorKind::kInvalidInput);
  CHECK(sections.error().to_string() ==
        "m.yaml:5:5: Pod p: traffic.sidecar.istio.io/includeOutboundIPRanges: netip.ParsePrefix(\"10.0.0.0/99\"): prefix length out of range");
  auto args = load("kind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: istio-init\n    args: [istio-iptables, --bogus]\n");
  CHECK(sections_from_manifest(args, "", PodFacts{}).error().to_string() == "m.yaml:6:28: Pod p: istio-iptables args: unknown flag: --bogus");
  CHECK(sections_from_manifest(load("kind: Service\nmetadata: {name: s}\n"), "", PodFacts{}).error().message ==
        "no pod-bearing workload (Pod, Deployment, ...) in m.yaml");
  auto good = load("kind: Pod\nmetadata: {name: p}\nspec: {}\n");
  CHECK(sections_from_manifest(good, "nope", PodFacts{}).error().message == "no workload named \"nope\" in m.yaml");
  auto wrong_type = load("kind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: 5\n");
  auto refused = sections_from_manifest(wrong_type, "", PodFacts{});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::kInvalidInput);
  CHECK(refused.error().to_string().starts_with("m.yaml:6:7: decoding Deployment at /spec/template/spec/containers"));
}

TEST_CASE("several workloads: restore sections get a workload header, one workload none") {
  auto docs = load("kind: Pod\nmetadata: {name: a}\nspec: {}\n---\nkind: Pod\nmetadata: {name: b, namespace: ns1}\nspec: {}\n");
  auto all = sections_from_manifest(docs, "", PodFacts{});
  REQUIRE(all.has_value());
  std::string out = render(OutputFormat::kRestore, *all);
  CHECK(out.rfind("# workload: Pod a\n# iptables-restore\n* nat\n", 0) == 0);
  CHECK(out.find("# workload: Pod ns1/b\n# iptables-restore\n") != std::string::npos);
  auto one = sections_from_manifest(docs, "Pod/ns1/b", PodFacts{});
  REQUIRE(one->size() == 1);
  CHECK(render(OutputFormat::kRestore, *one).rfind("# iptables-restore\n", 0) == 0);
}
