// Istio Gateway analyzers: gateway.IngressGatewayPortAnalyzer (ports missing on the gateway
// Service), gateway.SecretAnalyzer (credentialName secrets), gateway.ConflictingGatewayAnalyzer
// (same selector/port/host), gateway.CertificateAnalyzer (one certificate in several gateways).

#include <algorithm>
#include <map>
#include <set>

#include "analyze/analyzer.h"
#include "analyze/crypto_library.h"
#include "analyze/kinds.h"
#include "analyze/labels.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

std::string selector_field(const std::string& sel) {
  std::string label = sel.substr(0, sel.find('='));
  if (sel.find('=') == std::string::npos) label.clear();
  return pointer({"spec", "selector", label});
}

void analyze_ports(Context& ctx) {
  for (const Resource* gw : ctx.of(kind::kGateway)) {
    Labels sel = labels_at(gw->spec(), "selector");
    std::set<long long> service_ports;
    std::map<long long, long long> port_mapping;
    int matches = 0;
    for (const Resource* pod : ctx.of(kind::kPod)) {
      if (!set_matches(sel, pod->labels)) continue;
      ++matches;
      for (const Resource* svc : ctx.in_namespace(kind::kService, pod->ns)) {
        if (!set_matches(labels_at(svc->spec(), "selector"), pod->labels)) continue;
        for (const Json& p : array(svc->spec(), "ports")) {
          if (str(p, "protocol") != "TCP") continue;
          const Json& tp = field(p, "targetPort");
          long long target = tp.is_number() ? tp.get<long long>() : 0;
          if (tp.is_string()) target = integer(p, "targetPort", 0);
          if (target != 0) {
            service_ports.insert(target);
            port_mapping.emplace(integer(p, "port"), target);
          } else {
            service_ports.insert(integer(p, "port"));
          }
        }
      }
    }
    std::string sel_text = selector_string(sel);
    if (matches == 0) {
      ctx.report("IST0101", *gw, {Arg("selector"), Arg(sel_text)}, selector_field(sel_text));
      continue;
    }
    for (const Json& server : array(gw->spec(), "servers")) {
      const Json& port = field(server, "port");
      if (!port.is_object()) continue;
      long long number = integer(port, "number");
      if (service_ports.count(number) || port_mapping.count(number)) continue;
      ctx.report("IST0162", *gw, {Arg(number), Arg(sel_text)}, selector_field(sel_text));
    }
  }
}

std::string base64_decode(const std::string& in) {
  std::string out;
  int val = 0, bits = -8;
  for (unsigned char c : in) {
    int d;
    if (c >= 'A' && c <= 'Z') d = c - 'A';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
    else if (c >= '0' && c <= '9') d = c - '0' + 52;
    else if (c == '+') d = 62;
    else if (c == '/') d = 63;
    else continue;
    val = (val << 6) + d;
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((val >> bits) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

// kube.ExtractCertInfo + xds.ValidateCertificate: a cert/key pair whose first PEM block holds
// certificates that are valid now.
bool valid_secret(const Resource& secret) {
  const Json& data = field(secret.value, "data");
  auto value = [&](const char* k) { return base64_decode(str(data, k)); };
  std::string cert;
  if (!value("cert").empty() && !value("key").empty()) cert = value("cert");
  else if (!value("tls.crt").empty() && !value("tls.key").empty()) cert = value("tls.crt");
  else return false;
  // commands/ loads libcrypto before the analyzers run and stops with its error when it cannot.
  auto crypto = crypto_library();
  if (!crypto) return false;
  const CryptoLibrary& lib = **crypto;
  BIO* bio = lib.bio_new_mem_buf(cert.data(), static_cast<int>(cert.size()));
  if (bio == nullptr) return false;
  X509* x = lib.pem_read_bio_x509(bio, nullptr, nullptr, nullptr);
  lib.bio_free(bio);
  if (x == nullptr) return false;
  bool ok = lib.x509_cmp_current_time(lib.x509_get0_not_after(x)) > 0 &&
            lib.x509_cmp_current_time(lib.x509_get0_not_before(x)) < 0;
  lib.x509_free(x);
  return ok;
}

void analyze_secrets(Context& ctx) {
  for (const Resource* gw : ctx.of(kind::kGateway)) {
    Labels sel = labels_at(gw->spec(), "selector");
    const Resource* gw_pod = nullptr;
    for (const Resource* pod : ctx.of(kind::kPod))
      if (set_matches(sel, pod->labels)) {
        gw_pod = pod;
        break;
      }
    if (gw_pod == nullptr || gw_pod->ns.empty()) {
      std::string sel_text = selector_string(sel);
      ctx.report("IST0101", *gw, {Arg("selector"), Arg(sel_text)}, selector_field(sel_text));
      continue;
    }
    const Json& servers = array(gw->spec(), "servers");
    for (std::size_t i = 0; i < servers.size(); ++i) {
      std::string cn = str(field(servers[i], "tls"), "credentialName");
      if (cn.empty()) continue;
      std::string ns = gw_pod->ns, name = cn;
      if (auto slash = cn.find('/'); slash != std::string::npos) {
        ns = cn.substr(0, slash);
        name = cn.substr(slash + 1);
      }
      std::string where = pointer({"spec", "servers", std::to_string(i), "tls", "credentialName"});
      const Resource* secret = ctx.find(kind::kSecret, ns, name);
      if (secret == nullptr) {
        ctx.report("IST0101", *gw, {Arg("credentialName"), Arg(cn)}, where);
      } else if (!valid_secret(*secret)) {
        ctx.report("IST0161", *gw, {Arg(gw->name), Arg(gw_pod->ns)}, where);
      }
    }
  }
}

using HostsBind = std::map<std::string, std::string>;

void analyze_conflicts(Context& ctx) {
  // (selector, port) -> gateway full name -> host -> bind
  std::map<std::pair<std::string, std::string>, std::map<std::string, HostsBind>> known;
  for (const Resource* gw : ctx.of(kind::kGateway)) {
    std::string sel = selector_string(labels_at(gw->spec(), "selector"));
    for (const Json& server : array(gw->spec(), "servers")) {
      std::string port = std::to_string(integer(field(server, "port"), "number"));
      HostsBind hb;
      for (const Json& h : array(server, "hosts")) hb[scalar_string(h)] = str(server, "bind");
      known[{sel, port}][gw->full_name()] = hb;
    }
  }
  for (const Resource* gw : ctx.of(kind::kGateway)) {
    Labels sel_labels = labels_at(gw->spec(), "selector");
    std::string sel = selector_string(sel_labels);
    std::vector<std::pair<std::string, std::string>> hits;
    for (const auto& [key, gws] : known) {
      const std::string& other = key.first;
      bool matched = other == sel;
      if (!matched && (other.find(sel) != std::string::npos || sel.find(other) != std::string::npos)) {
        Labels other_labels;
        std::string_view rest = other;
        while (!rest.empty()) {
          auto comma = rest.find(',');
          std::string_view pair = rest.substr(0, comma);
          auto eq = pair.find('=');
          if (eq != std::string_view::npos && pair.find('=', eq + 1) == std::string_view::npos)
            other_labels[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
        for (const Resource* pod : ctx.of(kind::kPod))
          if (set_matches(sel_labels, pod->labels) && set_matches(other_labels, pod->labels)) {
            matched = true;
            break;
          }
      }
      if (matched) hits.push_back(key);
    }
    if (!sel.empty() && hits.empty()) {
      ctx.report("IST0101", *gw, {Arg("selector"), Arg(sel)}, selector_field(sel));
      continue;
    }
    for (const Json& server : array(gw->spec(), "servers")) {
      std::string port = std::to_string(integer(field(server, "port"), "number"));
      std::string bind = str(server, "bind");
      std::vector<std::string> conflicting;
      std::vector<std::string> hosts;
      for (const Json& h : array(server, "hosts")) hosts.push_back(scalar_string(h));
      for (const auto& key : hits) {
        if (key.second != port) continue;
        for (const auto& entry : known[key]) {
          // Named, not a structured binding: clang 14 (the fuzz build) cannot capture bindings.
          const auto& other_name = entry.first;
          const auto& hb = entry.second;
          if (other_name == gw->full_name()) continue;
          bool dup = std::any_of(hosts.begin(), hosts.end(), [&](const std::string& h) {
            auto it = hb.find(h);
            return it != hb.end() && it->second == bind;
          });
          if (dup) conflicting.push_back(other_name);
        }
      }
      if (conflicting.empty()) continue;
      std::sort(conflicting.begin(), conflicting.end());
      std::string names, host_list;
      for (const auto& n : conflicting) names += (names.empty() ? "" : ",") + n;
      for (const auto& h : hosts) host_list += (host_list.empty() ? "" : ",") + h;
      ctx.report("IST0145", *gw, {Arg(names), Arg(sel), Arg(port), Arg(host_list)});
    }
  }
}

// haveSameCertificate: the same credentialName, or (neither has one) the same certificate and key.
bool same_certificate(const Json& a, const Json& b) {
  std::string ca = str(a, "credentialName"), cb = str(b, "credentialName");
  if (!ca.empty() && !cb.empty()) return ca == cb;
  if (!ca.empty() || !cb.empty()) return false;
  std::string sa = str(a, "serverCertificate"), sb = str(b, "serverCertificate");
  std::string ka = str(a, "privateKey"), kb = str(b, "privateKey");
  return !sa.empty() && sa == sb && !ka.empty() && ka == kb;
}

// selectorSubset: every key of `x` that `y` has too has the same value there, and `y` has them all.
bool selector_subset(const Labels& x, const Labels& y) {
  for (const auto& [k, v] : x) {
    auto it = y.find(k);
    if (it == y.end() || it->second != v) return false;
  }
  return true;
}

void analyze_certificates(Context& ctx) {
  // Each pair of gateways the first one's selector also selects (every gateway for an empty selector;
  // PILOT_SCOPE_GATEWAY_TO_NAMESPACE is off), once per pair of TLS servers sharing a certificate.
  for (const Resource* gw : ctx.of(kind::kGateway)) {
    Labels selector = labels_at(gw->spec(), "selector");
    for (const Resource* other : ctx.of(kind::kGateway)) {
      if (other == gw || !selector_subset(selector, labels_at(other->spec(), "selector"))) continue;
      for (const Json& mine : array(gw->spec(), "servers"))
        for (const Json& theirs : array(other->spec(), "servers")) {
          const Json& a = field(mine, "tls");
          const Json& b = field(theirs, "tls");
          if (a.is_object() && b.is_object() && same_certificate(a, b))
            ctx.report("IST0138", *gw, {Arg(std::vector<std::string>{gw->full_name(), other->full_name()})},
                       "/metadata/name");
        }
    }
  }
}

}  // namespace

std::unique_ptr<Analyzer> make_ingress_gateway_port_analyzer() {
  return std::make_unique<FunctionAnalyzer>("gateway.IngressGatewayPortAnalyzer",
                                            "Checks a gateway's ports against the gateway's Kubernetes service ports",
                                            std::vector<std::string>{kind::kGateway, kind::kPod, kind::kService},
                                            analyze_ports);
}

std::unique_ptr<Analyzer> make_gateway_secret_analyzer() {
  return std::make_unique<FunctionAnalyzer>("gateway.SecretAnalyzer",
                                            "Checks a gateway's referenced secrets for correctness",
                                            std::vector<std::string>{kind::kGateway, kind::kPod, kind::kSecret},
                                            analyze_secrets);
}

std::unique_ptr<Analyzer> make_conflicting_gateway_analyzer() {
  return std::make_unique<FunctionAnalyzer>("gateway.ConflictingGatewayAnalyzer",
                                            "Checks a gateway's selector, port number and hosts",
                                            std::vector<std::string>{kind::kGateway, kind::kPod}, analyze_conflicts);
}

std::unique_ptr<Analyzer> make_gateway_certificate_analyzer() {
  return std::make_unique<FunctionAnalyzer>("gateway.CertificateAnalyzer", "Checks a gateway certificate",
                                            std::vector<std::string>{kind::kGateway}, analyze_certificates);
}

}  // namespace sidecarctl::analyze
