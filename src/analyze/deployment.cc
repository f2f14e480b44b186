// deployment.MultiServiceAnalyzer (a Deployment selected by Services that disagree on a port's
// protocol or target port) and applicationUID.Analyzer (workloads running as UID 1337).
#include <algorithm>
#include <map>
#include <set>
#include <span>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/labels.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

// The Services with their selectors, read once rather than once per Deployment of the namespace.
class ServiceSelectors {
 public:
  explicit ServiceSelectors(const Context& ctx) : services_(ctx.of(kind::kService)) {
    selectors_.reserve(services_.size());
    for (const Resource* svc : services_) selectors_.push_back(labels_at(svc->spec(), "selector"));
  }

  // The Services of the Deployment's namespace whose non-empty selector matches its pod labels.
  std::vector<const Resource*> matching(const Context& ctx, const Resource& d) const {
    std::vector<const Resource*> out;
    Labels pod_labels = template_labels(d);
    std::span<const Resource* const> in_ns = ctx.in_namespace(kind::kService, d.ns);
    std::size_t first = static_cast<std::size_t>(in_ns.data() - services_.data());
    for (std::size_t i = first; i < first + in_ns.size(); ++i) {
      const Labels& sel = selectors_[i];
      if (!sel.empty() && set_matches(sel, pod_labels)) out.push_back(services_[i]);
    }
    return out;
  }

 private:
  const std::vector<const Resource*>& services_;
  std::vector<Labels> selectors_;  // selectors_[i] is services_[i]'s
};

void analyze_services(Context& ctx) {
  const ServiceSelectors services(ctx);
  for (const Resource* d : ctx.of(kind::kDeployment)) {
    auto managed = d->labels.find("gateway.istio.io/managed");
    if (managed != d->labels.end() && managed->second == "istio.io-mesh-controller") continue;
    if (!deployment_in_mesh(ctx, *d)) continue;
    std::vector<const Resource*> svcs = services.matching(ctx, *d);
    // port -> protocol -> service names
    std::map<long long, std::map<std::string, std::vector<std::string>>> by_port;
    // target port -> port -> service name
    std::map<std::string, std::map<long long, std::string>> by_target;
    for (const Resource* svc : svcs)
      for (const Json& p : array(svc->spec(), "ports")) {
        long long port = integer(p, "port");
        std::string proto = str(p, "protocol");
        if (proto.empty()) proto = "TCP";
        by_port[port][proto].push_back(svc->full_name());
        std::string target = field(p, "targetPort").is_null() ? "" : scalar_string(field(p, "targetPort"));
        if (target.empty() || target == "0") target = std::to_string(port);
        by_target[target][port] = svc->full_name();
      }
    for (auto& [port, protocols] : by_port) {
      if (protocols.size() <= 1) continue;
      std::vector<std::string> names;
      for (auto& [proto, list] : protocols) names.insert(names.end(), list.begin(), list.end());
      std::sort(names.begin(), names.end());
      ctx.report("IST0116", *d, {Arg(d->name), Arg(port), Arg(names)}, "/metadata/name");
    }
    for (auto& [target, ports] : by_target) {
      if (ports.size() <= 1) continue;
      std::vector<std::string> names;
      std::vector<long long> numbers;
      for (auto& [port, name] : ports) {
        names.push_back(name);
        numbers.push_back(port);
      }
      std::sort(names.begin(), names.end());
      ctx.report("IST0137", *d, {Arg(d->name), Arg(names), Arg(target), Arg(numbers)}, "/metadata/name");
    }
  }
}

bool runs_as_proxy_uid(const Json& security_context) { return integer(security_context, "runAsUser", -1) == 1337; }

void check_uid(Context& ctx, const Resource& r, const Json& spec) {
  if (is_control_plane(r)) return;
  if (runs_as_proxy_uid(field(spec, "securityContext"))) ctx.report("IST0144", r, {});
  for (const Json& c : array(spec, "containers")) {
    std::string name = str(c, "name");
    if (name == kIstioProxy || name == "istio-operator") continue;
    if (runs_as_proxy_uid(field(c, "securityContext"))) ctx.report("IST0144", r, {});
  }
}

void analyze_uid(Context& ctx) {
  for (const Resource* p : ctx.of(kind::kPod)) check_uid(ctx, *p, p->spec());
  for (const Resource* d : ctx.of(kind::kDeployment)) check_uid(ctx, *d, pod_spec(*d));
}

}  // namespace

std::unique_ptr<Analyzer> make_service_association_analyzer() {
  return std::make_unique<FunctionAnalyzer>(
      "deployment.MultiServiceAnalyzer", "Checks association between services and pods",
      std::vector<std::string>{kind::kService, kind::kDeployment, kind::kNamespace}, analyze_services);
}

std::unique_ptr<Analyzer> make_application_uid_analyzer() {
  return std::make_unique<FunctionAnalyzer>("applicationUID.Analyzer", "Checks invalid application UID",
                                            std::vector<std::string>{kind::kPod, kind::kDeployment}, analyze_uid);
}

}  // namespace sidecarctl::analyze
