// The analyzers, listed explicitly in istioctl's registration order.
#include "analyze/analyzer.h"

namespace sidecarctl::analyze {

const std::vector<AnalyzerEntry>& all_analyzers() {
  static const std::vector<AnalyzerEntry> kAll = [] {
    std::vector<AnalyzerEntry> all;
    auto add = [&](std::unique_ptr<Analyzer> a, bool registered = true) {
      all.push_back({std::move(a), registered});
    };
    add(make_annotations_analyzer());
    add(make_blocked_cidrs_analyzer());
    add(make_authorization_policies_analyzer());
    add(make_condition_analyzer());
    add(make_service_association_analyzer());
    add(make_application_uid_analyzer());
    add(make_ca_certificate_analyzer());
    add(make_subset_select_pod_analyzer());
    add(make_deprecation_analyzer());
    add(make_envoy_patch_analyzer());
    add(make_external_control_plane_analyzer());
    add(make_ingress_gateway_port_analyzer());
    add(make_gateway_certificate_analyzer());
    add(make_gateway_secret_analyzer());
    add(make_conflicting_gateway_analyzer());
    add(make_injection_analyzer());
    add(make_injection_image_analyzer());
    add(make_image_auto_analyzer());
    add(make_k8sgateway_selector_analyzer());
    add(make_crd_version_analyzer());
    add(make_mesh_networks_analyzer());
    add(make_multicluster_service_analyzer());
    add(make_port_name_analyzer());
    add(make_sidecar_selector_analyzer());
    add(make_conflicting_mesh_gateway_hosts_analyzer());
    add(make_destination_host_analyzer());
    add(make_destination_rule_analyzer());
    add(make_vs_gateway_analyzer());
    add(make_jwt_claim_route_analyzer());
    add(make_service_entry_addresses_analyzer());
    add(make_conflicting_service_entry_protocol_analyzer());
    add(make_webhook_analyzer());
    add(make_telemetry_provider_analyzer());
    add(make_telemetry_selector_analyzer());
    add(make_telemetry_default_selector_analyzer());
    add(make_lightstep_analyzer());
    for (auto& schema : make_schema_validation_analyzers()) add(std::move(schema));
    // Not registered by istioctl, selectable by name.
    add(make_alpha_annotations_analyzer(), false);
    return all;
  }();
  return kAll;
}

}  // namespace sidecarctl::analyze
