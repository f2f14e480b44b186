// schema.ValidationAnalyzer.<Kind>: Istio's CRD validation run as an analyzer (validate.h): each
// error is an IST0106, each warning an IST0133, and the VirtualService rules that never match are
// IST0130/IST0131. The deprecation analyzer is here too: it is a field-level schema check.
#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/validate.h"

namespace sidecarctl::analyze {

namespace {

Validation validate_nothing(const ConfigMeta&, const Json&) { return {}; }

using Validator = Validation (*)(const ConfigMeta&, const Json&);

// Istio's validation function of each kind it registers a schema analyzer for, in its order.
const std::vector<std::pair<std::string, Validator>>& validators() {
  static const std::vector<std::pair<std::string, Validator>> kKinds = {
      {kind::kAuthorizationPolicy, validate_authorization_policy},
      {kind::kDestinationRule, validate_destination_rule},
      {kind::kEnvoyFilter, validate_envoy_filter},
      {kind::kGateway, validate_gateway},
      {kind::kPeerAuthentication, validate_peer_authentication},
      {kind::kProxyConfig, validate_proxy_config},
      {kind::kRequestAuthentication, validate_nothing},
      {kind::kServiceEntry, validate_service_entry},
      {kind::kSidecar, validate_sidecar},
      {kind::kTelemetry, validate_telemetry},
      {kind::kTrafficExtension, validate_nothing},
      {kind::kVirtualService, validate_virtual_service},
      {kind::kWasmPlugin, validate_nothing},
      {kind::kWorkloadEntry, validate_workload_entry},
      {kind::kWorkloadGroup, validate_workload_group},
      {kind::kMeshNetworks, validate_nothing},
      {kind::kMeshConfig, validate_nothing},
  };
  return kKinds;
}

class SchemaAnalyzer : public Analyzer {
 public:
  SchemaAnalyzer(const std::string& k, Validator v)
      : kind_(k), name_("schema.ValidationAnalyzer." + k), validator_(v) {}
  std::string_view name() const override { return name_; }
  std::string_view description() const override {
    return "Runs schema validation as an analyzer and reports any violations";
  }
  std::vector<std::string> inputs() const override { return {kind_}; }
  void analyze(Context& ctx) const override {
    for (const Resource* r : ctx.of(kind_)) {
      const Json& spec = kind_ == kind::kMeshConfig || kind_ == kind::kMeshNetworks ? r->value : r->spec();
      Validation v = validator_(ConfigMeta{r->name, r->ns}, spec);
      for (const std::string& e : v.errors) ctx.report("IST0106", *r, {Arg(e)});
      for (const std::string& w : v.warnings) ctx.report("IST0133", *r, {Arg(w)});
      for (const PreciseFinding& f : v.precise) {
        std::vector<Arg> args(f.args.begin(), f.args.end());
        ctx.report(f.code, *r, std::move(args));
      }
    }
  }

 private:
  std::string kind_, name_;
  Validator validator_;
};

}  // namespace

Validation validate_resource(const std::string& kind_id, const ConfigMeta& meta, const Json& spec) {
  for (const auto& [k, v] : validators())
    if (k == kind_id) return v(meta, spec);
  return {};
}

std::vector<std::unique_ptr<Analyzer>> make_schema_validation_analyzers() {
  std::vector<std::unique_ptr<Analyzer>> out;
  for (const auto& [k, v] : validators()) out.push_back(std::make_unique<SchemaAnalyzer>(k, v));
  return out;
}

// deprecation.DeprecationAnalyzer lives here too: it is a field-level schema check.
namespace {
void analyze_deprecations(Context& ctx) {
  for (const Resource* vs : ctx.of(kind::kVirtualService))
    for (const Json& http : array(vs->spec(), "http"))
      if (integer(field(field(http, "fault"), "delay"), "percent") > 0)
        ctx.report("IST0002", *vs,
                   {Arg("HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage")});
  for (const Resource* sc : ctx.of(kind::kSidecar))
    if (field(field(sc->spec(), "outboundTrafficPolicy"), "egressProxy").is_object())
      ctx.report("IST0002", *sc, {Arg("OutboundTrafficPolicy.EgressProxy ignored")});
}
}  // namespace

std::unique_ptr<Analyzer> make_deprecation_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "deprecation.DeprecationAnalyzer", "Checks for deprecated Istio types and fields",
      std::vector<std::string>{kind::kVirtualService, kind::kSidecar, kind::kCrd}, analyze_deprecations);
}

}  // namespace sidecarctl::analyze
