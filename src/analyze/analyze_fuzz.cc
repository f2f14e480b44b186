// libFuzzer target: analyze over resources. An input starting with '#' is a manifest stream;
// any other input drives a generator of cross-referencing Istio and Kubernetes resources (names,
// hosts, ports, labels and selectors drawn from small pools so analyzers find each other's objects),
// read back from their JSON text.
// Either way every analyzer runs and nothing may crash; one of the output formats (by the input's
// size) renders the messages; a spec decodes_unchanged vouches for must decode to itself.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/engine.h"
#include "analyze/kinds.h"
#include "analyze/output.h"
#include "analyze/proto_decode.h"
#include "kube/mesh_config.h"
#include "yaml/document.h"

namespace az = sidecarctl::analyze;
using nlohmann::json;

namespace {

std::string pick(FuzzedDataProvider& in, std::initializer_list<const char*> pool) {
  if (in.ConsumeBool()) return in.ConsumeRandomLengthString(24);
  return std::data(pool)[in.ConsumeIntegralInRange<std::size_t>(0, pool.size() - 1)];
}

json labels(FuzzedDataProvider& in) {
  json out = json::object();
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i)
    out[pick(in, {"app", "version", "istio", "istio.io/rev", "sidecar.istio.io/inject"})] =
        pick(in, {"web", "v1", "ingressgateway", "canary", "true", "false"});
  return out;
}

std::string host(FuzzedDataProvider& in) {
  return pick(in, {"web", "web.shop.svc.cluster.local", "*.example.com", "example.com", "*", "db.other", "web.shop"});
}

json ports(FuzzedDataProvider& in) {
  json out = json::array();
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i)
    out.push_back({{"name", pick(in, {"http", "grpc-web", "tcp", "https", "http2-x", "mongo"})},
                   {"port", in.ConsumeIntegralInRange(0, 70000)},
                   {"number", in.ConsumeIntegralInRange(0, 70000)},
                   {"protocol", pick(in, {"HTTP", "TCP", "HTTPS", "GRPC", "UDP"})},
                   {"targetPort", in.ConsumeIntegralInRange(0, 9000)}});
  return out;
}

json generated_resource(FuzzedDataProvider& in) {
  static const char* const kKinds[][2] = {
      {"v1", "Service"},  {"v1", "Pod"},       {"apps/v1", "Deployment"},
      {"v1", "Namespace"}, {"v1", "Secret"},  {"networking.istio.io/v1", "VirtualService"},
      {"networking.istio.io/v1", "Gateway"},  {"networking.istio.io/v1", "DestinationRule"},
      {"networking.istio.io/v1", "ServiceEntry"}, {"networking.istio.io/v1", "Sidecar"},
      {"security.istio.io/v1", "AuthorizationPolicy"}, {"security.istio.io/v1", "PeerAuthentication"},
      {"security.istio.io/v1", "RequestAuthentication"}, {"telemetry.istio.io/v1", "Telemetry"},
      {"networking.istio.io/v1alpha3", "EnvoyFilter"}, {"networking.istio.io/v1", "WorkloadEntry"},
      {"admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"}, {"v1", "ConfigMap"}};
  const auto& k = kKinds[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kKinds) - 1)];
  json r = {{"apiVersion", k[0]}, {"kind", k[1]}};
  r["metadata"] = {{"name", pick(in, {"web", "db", "gw", "default", "istio-ingressgateway", "a"})},
                   {"namespace", pick(in, {"shop", "default", "istio-system", "other"})},
                   {"labels", labels(in)},
                   {"annotations", labels(in)}};
  json spec = json::object();
  spec["selector"] = in.ConsumeBool() ? json(labels(in)) : json({{"matchLabels", labels(in)}});
  spec["ports"] = ports(in);
  spec["hosts"] = json::array({host(in), host(in)});
  spec["host"] = host(in);
  spec["gateways"] = json::array({pick(in, {"gw", "shop/gw", "mesh", "istio-system/gw", "missing"})});
  spec["servers"] = json::array({{{"port", {{"number", in.ConsumeIntegralInRange(0, 500)}, {"name", "http"},
                                             {"protocol", pick(in, {"HTTP", "HTTPS", "TLS"})}}},
                                  {"hosts", json::array({host(in)})},
                                  {"tls", {{"mode", pick(in, {"SIMPLE", "MUTUAL", "PASSTHROUGH"})},
                                           {"credentialName", pick(in, {"web-cert", "missing"})}}}}});
  spec["http"] = json::array({{{"route", json::array({{{"destination", {{"host", host(in)},
                                                                          {"subset", pick(in, {"v1", "v2"})},
                                                                          {"port", {{"number", in.ConsumeIntegralInRange(0, 9000)}}}}},
                                                      {"weight", in.ConsumeIntegralInRange(-1, 101)}}})},
                                {"match", json::array({{{"uri", {{"prefix", "/"}}}}})}}});
  spec["subsets"] = json::array({{{"name", pick(in, {"v1", "v2"})}, {"labels", labels(in)}}});
  spec["rules"] = json::array({{{"from", json::array({{{"source", {{"principals", json::array({pick(in, {"*", "cluster.local/ns/shop/sa/web"})})},
                                                                    {"namespaces", json::array({"shop"})}}}}})},
                                {"to", json::array({{{"operation", {{"methods", json::array({"GET"})}}}}})}}});
  spec["containers"] = json::array({{{"name", pick(in, {"app", "istio-proxy"})},
                                     {"image", pick(in, {"nginx", "docker.io/istio/proxyv2:1.20.0", "istio/proxyv2:1.27.1"})},
                                     {"ports", json::array({{{"containerPort", in.ConsumeIntegralInRange(0, 70000)}}})}}});
  spec["workloadSelector"] = {{"labels", labels(in)}};
  spec["mtls"] = {{"mode", pick(in, {"STRICT", "PERMISSIVE", "DISABLE"})}};
  if (std::string(k[1]) == "Deployment") spec["template"] = {{"metadata", {{"labels", labels(in)}}}, {"spec", spec}};
  // Keep a random subset of the fields so analyzers see partial objects too.
  json kept = json::object();
  for (auto& [key, value] : spec.items())
    if (in.ConsumeBool()) kept[key] = value;
  r["spec"] = std::move(kept);
  if (std::string(k[1]) == "Secret" || std::string(k[1]) == "ConfigMap")
    r["data"] = {{"tls.crt", in.ConsumeRandomLengthString(64)}, {"key", "dmFsdWU="}};
  if (std::string(k[1]) == "Namespace") r.erase("spec");
  return r;
}

// `format` picks the one output rendered: rendering all three took a third of the target's time.
void analyze(std::vector<sidecarctl::yaml::Document>& docs, std::size_t format) {
  // Half the time the Istio specs are decoded first, as files are read; the analyzers must cope
  // with either (objects from a cluster that do not decode are analyzed as they are).
  if (!docs.empty() && docs.size() % 2 == 0)
    for (auto& d : docs)
      if (auto info = az::classify(az::str(d.value, "apiVersion"), az::str(d.value, "kind"))) {
        // A spec decodes_unchanged vouches for is not decoded: the decoder must give it back.
        const az::proto::Message* m = az::proto::spec_message(info->id);
        const json& spec = az::field(d.value, "spec");
        if (m != nullptr && az::decodes_unchanged(*m, spec)) {
          json decoded;
          if (az::decode_proto(*m, spec, decoded) || decoded.dump() != spec.dump()) std::abort();
        }
        (void)az::decode_istio_spec(info->id, d.value);
      }
  az::Store store;
  az::add_documents(docs, store);
  json mesh = sidecarctl::kube::default_mesh_config();
  az::add_environment(mesh, json(), store);
  store.finish();
  auto messages = az::run_analyzers(store, az::select_analyzers({}), mesh, {});
  if (format == 0) {
    (void)az::render_log(messages, false);
  } else if (format == 1) {
    (void)az::render_json(messages);
  } else {
    az::RenderOptions sarif;
    sarif.tool_version = "fuzz";
    sarif.working_directory = "/fuzz dir";
    (void)az::render_sarif(messages, sarif);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sidecarctl::yaml::LoadOptions options;
  options.max_nodes = 100'000;
  if (size > 0 && data[0] == '#') {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto docs = sidecarctl::yaml::load_stream(text, "fuzz.yaml", options);
    if (docs) analyze(*docs, size % 3);
    return 0;
  }
  FuzzedDataProvider in(data, size);
  // Written as JSON (ASCII, one line a document): the fast parser reads all of it. Emitted as
  // YAML, the random keys and values made two documents in three leave it for yaml-cpp, and
  // emitting and reading YAML took a third of the target's time; load_fuzz covers both.
  std::string stream;
  for (int n = in.ConsumeIntegralInRange(1, 12); n > 0 && in.remaining_bytes() > 0; --n)
    stream += generated_resource(in).dump(-1, ' ', true, json::error_handler_t::replace) + "\n---\n";
  auto docs = sidecarctl::yaml::load_stream(stream, "generated.yaml", options);
  if (docs) analyze(*docs, size % 3);
  return 0;
}
