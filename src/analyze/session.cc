#include "analyze/session.h"

#include "base/file_io.h"

namespace sidecarctl::analyze {

namespace {

struct State {
  std::vector<yaml::Document> documents;
  Store store;
  Json mesh;
};

Result<Json> read_config(const std::string& path, const char* what) {
  TRY_ASSIGN(std::string text, read_file(path));
  TRY_ASSIGN(Json value, yaml::parse_value(text, path));
  if (!value.is_null() && !value.is_object())
    return make_error(ErrorKind::kInvalidInput, std::string(what) + " " + path + ": expected a mapping");
  return value;
}

}  // namespace

std::vector<Message> Report::at_least(Level threshold) const {
  std::vector<Message> out;
  for (const Message& m : messages)
    if (m.type->level <= threshold) out.push_back(m);
  return out;
}

Result<Report> run(Request request) {
  auto state = std::make_shared<State>();
  state->mesh = default_mesh_config();
  if (!request.mesh_config_file.empty()) {
    TRY_ASSIGN(Json overrides, read_config(request.mesh_config_file, "mesh config"));
    state->mesh = merge_mesh_config(state->mesh, overrides);
  }
  Json networks;
  if (!request.mesh_networks_file.empty()) {
    TRY_ASSIGN(Json value, read_config(request.mesh_networks_file, "mesh networks"));
    networks = std::move(value);
  }
  Report report;
  Inputs inputs = read_inputs(request.paths, request.recursive, request.stdin_text);
  report.input_errors = std::move(inputs.errors);
  state->documents = std::move(inputs.documents);
  for (yaml::Document& d : request.extra_documents) state->documents.push_back(std::move(d));
  add_documents(state->documents, state->store);
  add_environment(state->mesh, networks, state->store);
  state->store.finish();
  report.resources = state->store.size();
  report.messages = run_analyzers(state->store, select_analyzers(request.analyzers), state->mesh, request.suppressions);
  report.keep_alive = state;
  return report;
}

}  // namespace sidecarctl::analyze
