// Reading analyze's inputs (see input.h).
#include "analyze/input.h"

#include "base/file_io.h"
#include "kube/typed_object.h"

namespace sidecarctl::analyze {

namespace {
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
    in.documents.push_back(std::move(d));
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
