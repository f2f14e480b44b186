// service.PortNameAnalyzer: Service ports whose name/appProtocol gives Istio no protocol.
#include <algorithm>
#include <cctype>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// configKube.ConvertProtocol reduced to "does Istio know a protocol for this port".
bool protocol_known(long long port, const std::string& port_name, const std::string& proto, const Json& app_proto) {
  if (proto == "UDP") return true;
  std::string name = port_name;
  if (app_proto.is_string()) {
    name = app_proto.get<std::string>();
    if (name == "kubernetes.io/h2c" || name == "kubernetes.io/ws" || name == "kubernetes.io/wss") return true;
  }
  if (lower(name).rfind("grpc-web", 0) == 0) return true;
  name = lower(name.substr(0, name.find('-')));
  static const char* kKnown[] = {"tcp", "udp", "grpc", "http", "http_proxy", "http2", "https", "tls", "mongo", "redis", "mysql"};
  for (const char* k : kKnown)
    if (name == k) return true;
  return port == 25 || port == 53 || port == 3306 || port == 27017;
}

std::string int_or_string(const Json& v) {
  if (v.is_null()) return "0";
  return scalar_string(v);
}

void analyze_port_names(Context& ctx) {
  for (const Resource* svc : ctx.of(kind::kService)) {
    if (is_control_plane(*svc)) continue;
    auto managed = svc->labels.find("gateway.istio.io/managed");
    std::string m = managed == svc->labels.end() ? "" : managed->second;
    if (m == "istio.io-gateway-controller" || m == "istio.io-mesh-controller" || m == "istio.io-eastwest-controller")
      continue;
    bool external_name = str(svc->spec(), "type") == "ExternalName";
    const Json& ports = array(svc->spec(), "ports");
    for (std::size_t i = 0; i < ports.size(); ++i) {
      const Json& p = ports[i];
      std::string name = str(p, "name");
      long long number = integer(p, "port");
      bool unsupported = !protocol_known(number, name, str(p, "protocol"), field(p, "appProtocol"));
      if (!unsupported && !(name == "tcp" && external_name)) continue;
      std::string where = pointer({"spec", "ports", std::to_string(i), "port"});
      if (external_name)
        ctx.report("IST0150", *svc, {}, where);
      else
        ctx.report("IST0118", *svc, {Arg(name), Arg(number), Arg(int_or_string(field(p, "targetPort")))}, where);
    }
  }
}

}  // namespace

std::unique_ptr<Analyzer> make_port_name_analyzer() {
  return std::make_unique<FunctionAnalyzer>("service.PortNameAnalyzer",
                                            "Checks the port names associated with each service",
                                            std::vector<std::string>{kind::kService}, analyze_port_names);
}

}  // namespace sidecarctl::analyze
