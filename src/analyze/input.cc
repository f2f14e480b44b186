// Reading analyze's inputs (see input.h).
#include "analyze/input.h"

#include "analyze/kinds.h"
#include "analyze/proto_decode.h"
#include "base/file_io.h"
#include "kube/typed_object.h"

namespace sidecarctl::analyze {

namespace {

// Decodes the spec of an Istio resource at `prefix` in `d` (the document, or an item of a List)
// in place, as istioctl decodes it; the error names where it failed.
std::optional<Error> decode_spec(yaml::Document& d, Json& object, const std::string& prefix) {
  auto info = classify(str(object, "apiVersion"), str(object, "kind"));
  if (!info) return std::nullopt;
  auto failure = decode_istio_spec(info->id, object);
  if (!failure) return std::nullopt;
  std::string at = prefix + failure->pointer;
  return Error{ErrorKind::kInvalidInput, "decoding " + info->display + " at " + at + ": " + failure->message,
               d.loc(at)};
}

// Decodes the Istio specs of a document; false when the document itself does not decode. An item
// of a List that does not decode is reported and left out, and the List's other items are
// analyzed as if they were documents of their own (istioctl drops the whole List: see
// src/analyze/README.md).
bool decode_specs(yaml::Document& d, std::vector<Error>& errors) {
  Json& value = d.value;
  if (!value.is_object()) return true;
  std::string k = str(value, "kind");
  if (k.ends_with("List") && field(value, "items").is_array()) {
    Json& items = value["items"];
    for (std::size_t i = 0; i < items.size(); ++i)
      if (auto err = decode_spec(d, items[i], "/items/" + std::to_string(i))) {
        errors.push_back(std::move(*err));
        items[i] = nullptr;  // not analyzed; the other items keep their index (and file:line)
      }
    return true;
  }
  auto err = decode_spec(d, value, "");
  if (err) errors.push_back(std::move(*err));
  return !err;
}

void add_stream(Inputs& in, std::string_view text, const std::string& source) {
  yaml::LoadOptions options;
  options.duplicate_keys_last_wins = true;  // as istioctl reads files, with a warning
  auto docs = yaml::load_stream(text, source, options);
  if (!docs.has_value()) {
    in.errors.push_back(docs.error());
    return;
  }
  for (yaml::Document& d : *docs) {
    in.warnings.insert(in.warnings.end(), d.warnings.begin(), d.warnings.end());
    // A workload istioctl could not decode into its Go type (`containers: 5`) is a parse error
    // of its file, not a resource to analyze.
    if (!kube::typed_root_name(d.value).empty()) {
      if (auto typed = kube::normalize_typed(d.value, &d); !typed.has_value()) {
        in.errors.push_back(typed.error());
        continue;
      }
    }
    if (decode_specs(d, in.errors)) in.documents.push_back(std::move(d));
  }
}
}  // namespace

Inputs read_inputs(const std::vector<std::string>& paths, bool recursive, std::string_view stdin_text) {
  Inputs in;
  for (const std::string& path : paths) {
    if (path == "-") {
      add_stream(in, stdin_text, "-");
      continue;
    }
    auto files = list_input_files(path, recursive, {".yaml", ".yml", ".json"});
    if (!files.has_value()) {
      in.errors.push_back(files.error());
      continue;
    }
    for (const std::string& file : *files) {
      auto text = read_file(file);
      if (!text.has_value()) {
        in.errors.push_back(text.error());
        continue;
      }
      add_stream(in, *text, file);
    }
  }
  return in;
}

}  // namespace sidecarctl::analyze
