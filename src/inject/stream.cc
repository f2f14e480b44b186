// Document stream processing for kube-inject (see stream.h).
#include "inject/stream.h"

#include "kube/typed_object.h"
#include "kube/workload.h"
#include "yaml/build_value.h"
#include "yaml/emit.h"

namespace sidecarctl::inject {

namespace {

// What a document that is not a mapping holds, for the error that refuses it.
std::string not_an_object(const Json& value) {
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number()) return "a number";
  return "a list";
}

Result<void> process_once(yaml::Document& doc, const Injector* injector, StreamMode mode,
                          std::vector<std::string>& warnings, std::string& out) {
  // istioctl reads every document's apiVersion and kind first and stops on one that has none to read.
  if (!doc.value.is_null() && !doc.value.is_object()) {
    return make_error(ErrorKind::kInvalidInput,
                      "the document is " + not_an_object(doc.value) + ", not a Kubernetes object (a mapping)",
                      doc.loc());
  }
  if (!kube::workload_kind(doc.value)) {
    out += doc.text;
    if (out.back() != '\n') out += '\n';
    out += "---\n";
    return {};
  }
  auto with_location = [&](Error e) {
    if (e.loc.file.empty()) e.loc = doc.loc();
    return e;
  };
  if (auto typed = kube::normalize_typed_in_place(doc.value, &doc); !typed) return with_location(typed.error());
  Json result;
  if (mode == StreamMode::kUninject) {
    result = uninject_object(std::move(doc.value));
    if (auto normalized = kube::normalize_typed_in_place(result); !normalized) return with_location(normalized.error());
  } else {
    // Typed already: inject_object changes only the pod's metadata and spec, and puts them back
    // as inject_pod normalised them (as a Pod's, the same types as a pod template's).
    auto injected = injector->inject_object(std::move(doc.value), warnings);
    if (!injected) return with_location(injected.error());
    result = std::move(*injected);
  }
  out += yaml::to_yaml(result);
  out += "---\n";
  return {};
}

}  // namespace

Result<void> process_document(yaml::Document& doc, const Injector* injector, StreamMode mode,
                              std::vector<std::string>& warnings, std::string& out) {
  if (doc.text.empty()) return {};  // istioctl's YAML reader skips empty chunks
  for (const std::string& w : doc.warnings) warnings.push_back("warning: " + w);
  bool empty = doc.value.is_null();
  Result<void> result = process_once(doc, injector, mode, warnings, out);
  if (result || !doc.positions.empty() || empty) return result;
  // Read without node positions (they cost a tenth of the run): for the error's line:col, parse
  // the text again with them and redo the document, which fails the same way.
  yaml::Document located;
  located.source = doc.source;
  located.index = doc.index;
  located.stream_documents = doc.stream_documents;
  located.first_line = doc.first_line;
  located.text = doc.text;
  yaml::LoadOptions with_positions;
  with_positions.duplicate_keys_last_wins = true;
  if (!yaml::build_value(located.text, located, with_positions)) return result;
  std::vector<std::string> ignored;
  std::string scratch;
  Result<void> again = process_once(located, injector, mode, ignored, scratch);
  return again ? result : again;
}

Result<std::string> process_documents(const std::vector<yaml::Document>& documents, const Injector* injector,
                                      StreamMode mode, std::vector<std::string>& warnings) {
  std::string out;
  for (const yaml::Document& doc : documents) {
    yaml::Document copy = doc;
    TRY(process_document(copy, injector, mode, warnings, out));
  }
  return out;
}

}  // namespace sidecarctl::inject
