#include "analyze/session.h"

#include "analyze/crypto_library.h"
#include "analyze/kinds.h"
#include "base/file_io.h"
#include "kube/mesh_config.h"

namespace sidecarctl::analyze {

namespace {

// What the messages point into, kept until they are taken; freed with `jobs` threads.
struct State {
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  explicit State(int threads) : jobs(threads) {}
  ~State() { store.release(jobs); }

  std::vector<yaml::Document> documents;
  Store store;
  Json mesh;
  int jobs;
};

Result<Json> read_config(const std::string& path, const char* what) {
  TRY_ASSIGN(std::string text, read_file(path));
  TRY_ASSIGN(Json value, yaml::parse_value(text, path));
  if (!value.is_null() && !value.is_object())
    return make_error(ErrorKind::kInvalidInput, std::string(what) + " " + path + ": expected a mapping");
  return value;
}

// A mesh config or networks document held in a ConfigMap key.
Result<Json> read_cluster_config(const std::string& text, const std::string& source) {
  TRY_ASSIGN(Json value, yaml::parse_value(text, source));
  if (!value.is_null() && !value.is_object())
    return make_error(ErrorKind::kInvalidInput, source + ": expected a mapping");
  return value;
}

}  // namespace

std::vector<Message> Report::take_at_least(Level threshold) {
  std::vector<Message> out;
  for (Message& m : messages) {
    if (m.type->level > threshold) continue;
    m.resource = nullptr;
    out.push_back(std::move(m));
  }
  messages = {};
  keep_alive.reset();
  return out;
}

Result<Report> run(Request request) {
  auto state = std::make_shared<State>(request.jobs);
  Report report;
  state->mesh = kube::default_mesh_config();
  Json networks;
  // Precedence as istioctl's: a file, else the cluster's ConfigMap, else the defaults; applied
  // over Istio's defaults exactly as kube-inject applies them.
  if (!request.mesh_config_file.empty()) {
    TRY_ASSIGN(std::string text, read_file(request.mesh_config_file));
    TRY_ASSIGN(state->mesh, kube::load_mesh_config(text, request.mesh_config_file));
  } else if (request.cluster && !request.cluster->mesh_config.empty()) {
    const ClusterState& c = *request.cluster;
    auto mesh = kube::load_mesh_config(c.mesh_config, c.mesh_source + " key mesh");
    if (mesh.has_value()) state->mesh = std::move(*mesh);
    else report.warnings.push_back(mesh.error().to_string() + "; using the default mesh config");
  }
  if (!request.mesh_networks_file.empty()) {
    TRY_ASSIGN(Json value, read_config(request.mesh_networks_file, "mesh networks"));
    networks = std::move(value);
  } else if (request.cluster && !request.cluster->mesh_networks.empty()) {
    const ClusterState& c = *request.cluster;
    auto value = read_cluster_config(c.mesh_networks, c.mesh_source + " key meshNetworks");
    if (value.has_value()) networks = std::move(*value);
    else report.warnings.push_back(value.error().to_string() + "; using no mesh networks");
  }
  Inputs inputs = read_inputs(request.paths, request.recursive, request.stdin_text, request.jobs);
  report.input_errors = std::move(inputs.errors);
  report.warnings.insert(report.warnings.end(), inputs.warnings.begin(), inputs.warnings.end());
  state->documents = std::move(inputs.documents);
  if (request.cluster) add_objects(std::move(request.cluster->objects), state->store);
  add_documents(state->documents, state->store, request.default_namespace, request.jobs);
  add_environment(state->mesh, networks, state->store, !request.cluster.has_value());
  state->store.finish();
  report.resources = state->store.size();
  // gateway.SecretAnalyzer reads the certificates of Gateway credentials with libcrypto: loaded
  // here, so that a system without it gets an error rather than messages about valid certificates.
  if (!state->store.of(kind::kGateway).empty() && !state->store.of(kind::kSecret).empty()) TRY(crypto_library());
  report.messages = run_analyzers(state->store, select_analyzers(request.analyzers), state->mesh,
                                  request.suppressions, request.jobs);
  if (!request.only_namespace.empty()) {
    std::erase_if(report.messages, [&](const Message& m) {
      std::string ns = message_namespace(m);
      return !ns.empty() && ns != request.only_namespace;
    });
  }
  report.keep_alive = state;
  return report;
}

}  // namespace sidecarctl::analyze
