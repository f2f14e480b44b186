// Document stream processing for kube-inject (see stream.h).
#include "inject/stream.h"

#include "kube/typed_object.h"
#include "kube/workload.h"
#include "yaml/emit.h"

namespace sidecarctl::inject {

Result<void> process_document(const yaml::Document& doc, const Injector* injector, StreamMode mode,
                              std::vector<std::string>& warnings, std::string& out) {
  if (doc.text.empty()) return {};  // istioctl's YAML reader skips empty chunks
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
  auto typed = kube::normalize_typed(doc.value, &doc);
  if (!typed) return with_location(typed.error());
  Json result;
  if (mode == StreamMode::kUninject) {
    result = uninject_object(std::move(*typed));
  } else {
    auto injected = injector->inject_object(std::move(*typed), warnings);
    if (!injected) return with_location(injected.error());
    result = std::move(*injected);
  }
  auto normalized = kube::normalize_typed(result);
  if (!normalized) return with_location(normalized.error());
  out += yaml::to_yaml(*normalized);
  out += "---\n";
  return {};
}

Result<std::string> process_documents(const std::vector<yaml::Document>& documents, const Injector* injector,
                                      StreamMode mode, std::vector<std::string>& warnings) {
  std::string out;
  for (const yaml::Document& doc : documents) TRY(process_document(doc, injector, mode, warnings, out));
  return out;
}

}  // namespace sidecarctl::inject
