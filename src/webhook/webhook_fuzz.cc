// libFuzzer target: the review -> patch path of the webhook with the embedded default settings.
// The input is used twice: as a raw request body (any answer, never a crash), and, when it reads
// as a YAML/JSON object, as the pod of an AdmissionReview, where an injected answer's patch applied
// to the pod (nlohmann's RFC 6902) must give exactly the injector's own output for that pod, and
// the same review again must be answered from the patch cache with the same answer. The object
// made a Pod must also fail kube::check_typed exactly where kube::normalize_typed fails.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "inject/fuzz_injector.h"
#include "kube/base64.h"
#include "kube/typed_object.h"
#include "webhook/inject_handler.h"
#include "yaml/document.h"

namespace inj = sidecarctl::inject;
namespace wh = sidecarctl::webhook;
using Json = nlohmann::json;

namespace {

const inj::Injector* injector() {
  static const inj::Injector instance = [] {
    inj::InjectorOptions options;
    options.webhook_policy = true;
    return inj::fuzz_injector(options);
  }();
  return &instance;
}

void check_answer_shape(const wh::InjectResponse& r) {
  if (r.status != 200) return;
  Json body = Json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.contains("response")) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_answer_shape(wh::handle_inject(injector(), nullptr, "/inject", "application/json", text));

  sidecarctl::yaml::LoadOptions options;
  options.max_nodes = 100'000;
  options.positions = false;
  auto pod = sidecarctl::yaml::parse_value(text, "fuzz.yaml", options);
  if (!pod || !pod->is_object()) return 0;
  {
    // Checking a Pod finds the error normalizing it finds, or none when normalizing finds none.
    Json as_pod = *pod;
    as_pod["kind"] = "Pod";
    as_pod["apiVersion"] = "v1";
    auto normalized = sidecarctl::kube::normalize_typed(as_pod);
    auto checked = sidecarctl::kube::check_typed(as_pod);
    if (checked.has_value() != normalized.has_value()) std::abort();
    if (!checked && checked.error().message != normalized.error().message) std::abort();
  }
  Json review = {{"kind", "AdmissionReview"},
                 {"apiVersion", "admission.k8s.io/v1"},
                 {"request", {{"uid", "u"}, {"namespace", "fuzz"}, {"object", *pod}}}};
  std::string body = review.dump(-1, ' ', false, Json::error_handler_t::replace);
  const char* path = "/inject/cluster/c1/net/n1";
  // A cache per input: one kept across inputs grows and evicts between runs, which libFuzzer takes
  // for a possible leak and checks with a full LeakSanitizer pass (a fifth of the time). Eviction
  // has its unit tests.
  wh::PatchCache patches(64, 8u << 20);
  wh::InjectResponse r = wh::handle_inject(injector(), &patches, path, "application/json", body);
  check_answer_shape(r);
  if (r.outcome != wh::Outcome::kInjected) return 0;
  wh::InjectResponse again = wh::handle_inject(injector(), &patches, path, "application/json", body);
  // Kept unless larger than the cache's budget (the answer's size bounds the patch's).
  const bool fits = 4 * body.size() + r.body.size() + std::string_view(path).size() <= (8u << 20);
  if (!again.reused && fits) std::abort();
  if (again.body != r.body) std::abort();

  // The oracle: what the webhook decoded, patched, equals the injector's output.
  Json sent = Json::parse(body)["request"]["object"];
  if (!sent.contains("metadata") || sent["metadata"].is_null()) sent["metadata"] = Json::object();
  sent["metadata"].erase("managedFields");
  if (!sent["metadata"].contains("namespace") || !sent["metadata"]["namespace"].is_string() ||
      sent["metadata"]["namespace"] == "") {
    sent["metadata"]["namespace"] = "fuzz";
  }
  sent["kind"] = "Pod";
  sent["apiVersion"] = "v1";
  auto typed = sidecarctl::kube::normalize_typed(sent);
  if (!typed) std::abort();  // the webhook decoded it
  std::vector<std::string> warnings;
  auto want = injector()->inject_object(*typed, warnings,
                                        {{"ISTIO_META_CLUSTER_ID", "c1"}, {"ISTIO_META_NETWORK", "n1"}});
  if (!want) std::abort();  // the webhook injected it
  auto patch_text =
      sidecarctl::kube::base64_decode(Json::parse(r.body)["response"]["patch"].get<std::string>());
  if (!patch_text) std::abort();
  if (typed->patch(Json::parse(*patch_text)) != *want) std::abort();
  return 0;
}
