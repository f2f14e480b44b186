#include "analyze/hosts.h"

#include "analyze/kinds.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
std::string scoped(const std::string& scope, const std::string& ns, const std::string& host) {
  return scope + "/" + host_to_fqdn(ns, host);
}
}  // namespace

bool host_matches(std::string_view n, std::string_view o) {
  bool nw = !n.empty() && n[0] == '*';
  bool ow = !o.empty() && o[0] == '*';
  if (nw) {
    if (ow) return n.size() < o.size() ? ends_with(o.substr(1), n.substr(1)) : ends_with(n.substr(1), o.substr(1));
    return ends_with(o, n.substr(1));
  }
  if (ow) return ends_with(n, o.substr(1));
  return n == o;
}

std::string host_to_fqdn(const std::string& ns, const std::string& host) {
  if (!host.empty() && host[0] != '*' && host.find('.') == std::string::npos)
    return host + "." + ns + ".svc.cluster.local";
  return host;
}

std::pair<std::string, std::string> resource_name_from_host(const std::string& default_ns, const std::string& host) {
  // Istio matches ^(.+)\.(.+)\.svc\.cluster\.local$ leftmost-first, the first group greedy: the
  // namespace follows the last dot that leaves both groups non-empty. `.` matches no line break
  // here (as std::regex's ECMAScript `.`, which this replaced: no `\n`, no `\r`).
  constexpr std::string_view kSuffix = ".svc.cluster.local";
  if (ends_with(host, kSuffix) && host.find_first_of("\r\n") == std::string::npos) {
    std::string_view name_ns(host.data(), host.size() - kSuffix.size());
    if (name_ns.size() >= 3) {
      std::size_t dot = name_ns.find_last_of('.', name_ns.size() - 2);
      if (dot != std::string_view::npos && dot >= 1)
        return {std::string(name_ns.substr(dot + 1)), std::string(name_ns.substr(0, dot))};
    }
  }
  return {default_ns, host};
}

ServiceHostMap::ServiceHostMap(const Context& ctx) {
  for (const Resource* se : ctx.of(kind::kServiceEntry)) {
    HostTarget t;
    t.resource = se;
    for (const Json& p : array(se->spec(), "ports")) t.ports.push_back(integer(p, "number"));
    t.workload_selector = labels_at(field(se->spec(), "workloadSelector"), "labels");
    const Json& export_to = array(se->spec(), "exportTo");
    for (const Json& h : array(se->spec(), "hosts")) {
      std::string host = scalar_string(h);
      if (export_to.empty()) {
        map_[scoped("*", se->ns, host)] = t;
        continue;
      }
      for (const Json& e : export_to) {
        std::string s = scalar_string(e);
        if (s == "*") {
          map_[scoped("*", se->ns, host)] = t;
          break;
        }
        map_[scoped(s == "." ? se->ns : s, se->ns, host)] = t;
      }
    }
  }
  for (const Resource* svc : ctx.of(kind::kService)) {
    HostTarget t;
    t.resource = svc;
    for (const Json& p : array(svc->spec(), "ports")) t.ports.push_back(integer(p, "port"));
    std::vector<std::string> scopes;
    auto anno = svc->annotations.find("networking.istio.io/exportTo");
    if (anno == svc->annotations.end() || anno->second.empty()) {
      scopes.push_back("*");
    } else {
      std::string_view rest = anno->second;
      while (true) {
        auto comma = rest.find(',');
        std::string item(rest.substr(0, comma));
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        scopes.push_back(item == "." ? svc->ns : item);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
    for (const std::string& s : scopes) map_[scoped(s, svc->ns, svc->name)] = t;
  }
  for (const auto& [key, target] : map_) {
    auto slash = key.find('/');
    if (key.compare(slash + 1, 1, "*") == 0)
      wildcards_.push_back(
          {std::string_view(key).substr(0, slash), std::string_view(key).substr(slash + 2), &target});
  }
}

const HostTarget* ServiceHostMap::lookup(const std::string& source_ns, const Json& export_to,
                                         const std::string& host) const {
  if (auto it = map_.find(scoped("*", source_ns, host)); it != map_.end()) return &it->second;
  if (!export_to.is_array() || export_to.empty()) {
    if (auto it = map_.find(scoped(source_ns, source_ns, host)); it != map_.end()) return &it->second;
  } else {
    for (const Json& e : export_to) {
      std::string s = scalar_string(e);
      if (s == ".") s = source_ns;
      if (auto it = map_.find(scoped(s, source_ns, host)); it != map_.end()) return &it->second;
    }
  }
  std::string_view bare = host;
  if (!bare.empty() && bare[0] == '*') bare.remove_prefix(1);
  for (const Wildcard& w : wildcards_) {
    if (w.scope != "*" && w.scope != source_ns) continue;
    if (ends_with(bare, w.suffix)) return w.target;
  }
  return nullptr;
}

}  // namespace sidecarctl::analyze
