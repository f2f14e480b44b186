// The injector: renders the selected templates for a pod, strategic-merges them into it and applies
// Istio's post-processing (webhook.go injectPod), for every injectable kind (inject.go IntoObject).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/environment.h"
#include "base/result.h"
#include "gotemplate/function.h"
#include "gotemplate/template.h"
#include "inject/settings.h"

namespace sidecarctl::inject {

using Json = nlohmann::json;

struct InjectorOptions {
  bool native_sidecars = false;  // ENABLE_NATIVE_SIDECARS=true / --native-sidecars=true
  // `auto` with a cluster: node name -> its kubelet runs native sidecars. A pod whose spec.nodeName
  // is listed here gets that node's answer instead of `native_sidecars` (Istio's DetectNativeSidecar).
  std::map<std::string, bool> native_sidecars_by_node;
  bool webhook_policy = false;   // apply policy, selectors, defaultTemplates, aliases, injectedAnnotations
  std::string revision;          // -r/--revision ("" or "default" for the default revision)
  Environment env;               // for the template functions `env` and COMPLIANCE_POLICY
  // Take every step istioctl takes, without the shortcuts that reach the same pod: merge whole
  // templates into the template pod (see TemplatePod), decode the workload's already typed pod
  // once more before merging. inject_fuzz's oracle for those shortcuts.
  bool every_istio_step = false;
  // Blocks of the rendered templates met before are copied from a per-thread memo instead of
  // parsed again (yaml/block_memo.h; the same values). The fuzz targets turn it off: with a memo
  // kept across inputs, what one input runs would depend on the inputs before it.
  bool memo_rendered_blocks = true;
};

// A pod as injection sees it plus what the workload says about it.
struct PodRequest {
  Json pod;                    // {metadata, spec} (typed JSON)
  std::string kind;            // TypeMeta
  std::string api_version;
  std::string deploy_name;     // DeploymentMeta
  std::string deploy_namespace;
  // Proxy environment from the webhook's URL path (istiod's parseInjectEnvs: /inject/cluster/X/net/Y):
  // set on istio-proxy; ISTIO_META_CLUSTER_ID and ISTIO_META_NETWORK there win over the values.
  std::map<std::string, std::string> url_envs;
  std::vector<std::string>* warnings = nullptr;  // where to add what was read leniently, if anywhere
};

class Injector {
 public:
  // Parses every template of `settings` with `functions` (plus the injector's own overrides).
  static Result<Injector> create(Settings settings, const gotemplate::FunctionMap& functions, InjectorOptions options);

  // Injects one object of an injectable kind or a `kind: List` (typed JSON, see
  // kube::normalize_typed). Objects left alone (host networking, injection disabled) come back
  // unchanged and add istioctl's warning to `warnings`.
  Result<Json> inject_object(Json obj, std::vector<std::string>& warnings) const;

  // inject_object for a Pod a webhook received, with the proxy environment of its URL path.
  Result<Json> inject_object(Json obj, std::vector<std::string>& warnings,
                             const std::map<std::string, std::string>& url_envs) const;

  // Injects a pod ({metadata, spec}); the result is the injected pod.
  Result<Json> inject_pod(PodRequest request) const;

  const Settings& settings() const { return *settings_; }

  // False when a template may call a function that changes a map in place (set, unset, merge,
  // mergeOverwrite and their must* forms): the values and mesh config every workload's template
  // data shares could then change while another thread reads them, so workloads must be injected
  // one at a time. A conservative test: any such name in a template's actions counts.
  bool injects_in_parallel() const;

  // Whether injecting equal pods always gives equal results, so that a result may be reused for an
  // equal pod: false when a template may call a random sprig function (randAlphaNum, uuidv4,
  // shuffle, ...) or change the shared maps (see injects_in_parallel), by the same test.
  bool renders_repeatably() const;

 private:
  struct Parsed;
  // The settings' mesh config, shared by every pod without a proxy.istio.io/config annotation.
  const std::shared_ptr<const Json>& mesh_config() const;

  Injector(std::shared_ptr<const Settings> settings, std::shared_ptr<const Parsed> parsed, InjectorOptions options)
      : settings_(std::move(settings)), parsed_(std::move(parsed)), options_(std::move(options)) {}

  std::shared_ptr<const Settings> settings_;
  std::shared_ptr<const Parsed> parsed_;
  InjectorOptions options_;
};

// Removes what `sidecar.istio.io/status` says was injected from a pod ({metadata, spec}), puts
// back the user's own containers that injection modified (saved in proxy.istio.io/overrides), and
// removes the annotations and labels injection adds unless their value shows they were the
// user's; a pod without the annotation is returned unchanged. `workload_name` is the name
// injection derived the canonical-name label from (default: the pod's name).
Json uninject_pod(Json pod, const std::string& workload_name = "");

// Applies uninject_pod to the pod template(s) of an injectable object or List.
Json uninject_object(Json obj);

}  // namespace sidecarctl::inject
