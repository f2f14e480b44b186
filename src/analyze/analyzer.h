// The analyzer interface and the context analyzers read resources from and report messages to.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/message.h"
#include "analyze/resource.h"

namespace sidecarctl::analyze {

// What an analyzer sees: the resources, the effective mesh config, and a sink for messages.
class Context {
 public:
  Context(const Store& store, const Json& mesh_config) : store_(store), mesh_(mesh_config) {}

  const std::vector<const Resource*>& of(const std::string& kind) const { return store_.of(kind); }
  std::span<const Resource* const> in_namespace(const std::string& kind, const std::string& ns) const {
    return store_.in_namespace(kind, ns);
  }
  const Resource* find(const std::string& kind, const std::string& ns, const std::string& name) const {
    return store_.find(kind, ns, name);
  }
  bool exists(const std::string& kind, const std::string& ns, const std::string& name) const {
    return store_.exists(kind, ns, name);
  }
  // The mesh config (defaults merged with --meshConfigFile).
  const Json& mesh() const { return mesh_; }

  // Reports message `code` on `r` with template arguments; `field` (a JSON pointer into the object)
  // names the offending field for the reference line when it exists. The reference is made later,
  // by run_analyzers in one thread (it reads the document's node positions, recorded on demand),
  // so that analyzers can run in parallel over the same store.
  void report(std::string_view code, const Resource& r, std::vector<Arg> args, std::string_view field = "");

  // A reported message whose `reference` is still to be made from `field`.
  struct Reported {
    Message message;
    std::string field;
  };
  std::vector<Reported>& reported() { return reported_; }

 private:
  const Store& store_;
  const Json& mesh_;
  std::vector<Reported> reported_;
};

// One analyzer: Istio's registered name, what it checks, the kinds it reads, and the check.
class Analyzer {
 public:
  virtual ~Analyzer() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  virtual std::vector<std::string> inputs() const = 0;
  virtual void analyze(Context& ctx) const = 0;
};

// Every analyzer in Istio's registration order (all.cc); `registered` false ones are the extra
// analyzers istioctl does not register but which can be named with --analyzer.
struct AnalyzerEntry {
  std::unique_ptr<Analyzer> analyzer;
  bool registered = true;
};
const std::vector<AnalyzerEntry>& all_analyzers();

// Analyzer factories, one per file.
std::unique_ptr<Analyzer> make_annotations_analyzer();
std::unique_ptr<Analyzer> make_alpha_annotations_analyzer();
std::unique_ptr<Analyzer> make_blocked_cidrs_analyzer();
std::unique_ptr<Analyzer> make_authorization_policies_analyzer();
std::unique_ptr<Analyzer> make_condition_analyzer();
std::unique_ptr<Analyzer> make_service_association_analyzer();
std::unique_ptr<Analyzer> make_application_uid_analyzer();
std::unique_ptr<Analyzer> make_ca_certificate_analyzer();
std::unique_ptr<Analyzer> make_subset_select_pod_analyzer();
std::unique_ptr<Analyzer> make_deprecation_analyzer();
std::unique_ptr<Analyzer> make_envoy_patch_analyzer();
std::unique_ptr<Analyzer> make_external_control_plane_analyzer();
std::unique_ptr<Analyzer> make_ingress_gateway_port_analyzer();
std::unique_ptr<Analyzer> make_gateway_certificate_analyzer();
std::unique_ptr<Analyzer> make_gateway_secret_analyzer();
std::unique_ptr<Analyzer> make_conflicting_gateway_analyzer();
std::unique_ptr<Analyzer> make_injection_analyzer();
std::unique_ptr<Analyzer> make_injection_image_analyzer();
std::unique_ptr<Analyzer> make_image_auto_analyzer();
std::unique_ptr<Analyzer> make_k8sgateway_selector_analyzer();
std::unique_ptr<Analyzer> make_crd_version_analyzer();
std::unique_ptr<Analyzer> make_mesh_networks_analyzer();
std::unique_ptr<Analyzer> make_multicluster_service_analyzer();
std::unique_ptr<Analyzer> make_port_name_analyzer();
std::unique_ptr<Analyzer> make_sidecar_selector_analyzer();
std::unique_ptr<Analyzer> make_conflicting_mesh_gateway_hosts_analyzer();
std::unique_ptr<Analyzer> make_destination_host_analyzer();
std::unique_ptr<Analyzer> make_destination_rule_analyzer();
std::unique_ptr<Analyzer> make_vs_gateway_analyzer();
std::unique_ptr<Analyzer> make_jwt_claim_route_analyzer();
std::unique_ptr<Analyzer> make_service_entry_addresses_analyzer();
std::unique_ptr<Analyzer> make_conflicting_service_entry_protocol_analyzer();
std::unique_ptr<Analyzer> make_webhook_analyzer();
std::unique_ptr<Analyzer> make_telemetry_provider_analyzer();
std::unique_ptr<Analyzer> make_telemetry_selector_analyzer();
std::unique_ptr<Analyzer> make_telemetry_default_selector_analyzer();
std::unique_ptr<Analyzer> make_lightstep_analyzer();
std::vector<std::unique_ptr<Analyzer>> make_schema_validation_analyzers();

// A simple analyzer built from a lambda (most analyzers are one function).
class FunctionAnalyzer : public Analyzer {
 public:
  using Fn = void (*)(Context&);
  FunctionAnalyzer(std::string name, std::string description, std::vector<std::string> inputs, Fn fn)
      : name_(std::move(name)), description_(std::move(description)), inputs_(std::move(inputs)), fn_(fn) {}
  std::string_view name() const override { return name_; }
  std::string_view description() const override { return description_; }
  std::vector<std::string> inputs() const override { return inputs_; }
  void analyze(Context& ctx) const override { fn_(ctx); }

 private:
  std::string name_, description_;
  std::vector<std::string> inputs_;
  Fn fn_;
};

}  // namespace sidecarctl::analyze
