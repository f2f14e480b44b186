// ValidateGateway: servers, their ports, binds, hosts and TLS settings; also validateTLSOptions,
// which Sidecar ingress listeners share.
#include <algorithm>
#include <set>

#include "analyze/message.h"
#include "analyze/validate.h"
#include "analyze/validate_names.h"

namespace sidecarctl::analyze {

namespace {

constexpr std::string_view kUnixPrefix = "unix://";

// security.IsValidCipherSuite: Envoy's names, "", "ALL", or an entry starting with an operator.
bool valid_cipher_suite(const std::string& cs) {
  static const std::set<std::string, std::less<>> kSuites = {"ECDHE-ECDSA-AES128-GCM-SHA256",
                                                             "ECDHE-RSA-AES128-GCM-SHA256",
                                                             "ECDHE-ECDSA-AES256-GCM-SHA384",
                                                             "ECDHE-RSA-AES256-GCM-SHA384",
                                                             "ECDHE-ECDSA-CHACHA20-POLY1305",
                                                             "ECDHE-RSA-CHACHA20-POLY1305",
                                                             "ECDHE-ECDSA-AES128-SHA",
                                                             "ECDHE-RSA-AES128-SHA",
                                                             "ECDHE-ECDSA-AES256-SHA",
                                                             "ECDHE-RSA-AES256-SHA",
                                                             "AES128-GCM-SHA256",
                                                             "AES256-GCM-SHA384",
                                                             "AES128-SHA",
                                                             "AES256-SHA",
                                                             "DES-CBC3-SHA"};
  if (cs.empty() || cs == "ALL") return true;
  auto first = static_cast<unsigned char>(cs[0]);
  // Go tests the first byte as a rune: letters and digits, including Latin-1 ones.
  bool letter_or_digit = std::isalnum(first) || (first >= 0xC0 && first != 0xD7 && first != 0xF7) ||
                         first == 0xAA || first == 0xB5 || first == 0xBA || first == 0xB2 || first == 0xB3 ||
                         first == 0xB9 || (first >= 0xBC && first <= 0xBE);
  if (!letter_or_digit) return true;
  return kSuites.count(cs) > 0;
}

// A Port message as Go's %v prints it (prototext, this istioctl build's two-space separators).
std::string proto_text_port(const Json& port) {
  std::vector<std::string> parts;
  if (long long n = integer(port, "number")) parts.push_back("number:" + std::to_string(n));
  if (std::string p = str(port, "protocol"); !p.empty()) parts.push_back("protocol:" + go_quote(p));
  if (std::string n = str(port, "name"); !n.empty()) parts.push_back("name:" + go_quote(n));
  if (long long t = integer(port, "targetPort")) parts.push_back("target_port:" + std::to_string(t));
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "  ") + part;
  return out;
}

// Go's %v of a sorted []string: "[a b]".
std::string go_list(const std::set<std::string>& items) {
  std::string out = "[";
  for (const std::string& s : items) out += (out.size() > 1 ? " " : "") + s;
  return out + "]";
}

Validation server_port(const Json& port, const std::string& bind) {
  Validation v;
  if (!port.is_object()) return v.error("port is required");
  if (parse_protocol(str(port, "protocol")).unsupported())
    v.error("invalid protocol " + go_quote(str(port, "protocol")) +
            ", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP");
  long long number = integer(port, "number");
  if (number > 0 || !bind.starts_with(kUnixPrefix)) v.error(check_port(number));
  if (integer(port, "targetPort") > 0) v.error("targetPort has no impact on Gateways");
  if (str(port, "name").empty()) v.error("port name must be set: " + proto_text_port(port));
  return v;
}

Validation server_bind(const Json& port, const std::string& bind) {
  Validation v;
  if (bind.starts_with(kUnixPrefix)) {
    v.error(check_unix_address(std::string_view(bind).substr(kUnixPrefix.size())));
    if (port.is_object() && integer(port, "number") != 0)
      v.error("port number must be 0 for unix domain socket: " + proto_text_port(port));
  } else if (!bind.empty()) {
    v.error(check_ip_address(bind));
  }
  return v;
}

Validation server(const Json& s) {
  Validation v;
  std::vector<std::string> hosts = strings(s, "hosts");
  if (hosts.empty()) v.error("server config must contain at least one host");
  for (const std::string& host : hosts) v.add(check_namespace_slash_host(host, true));
  const Json& port = field(s, "port");
  std::string bind = str(s, "bind");
  Validation port_v = server_port(port, bind);
  v.add(port_v);
  v.add(server_bind(port, bind));
  const Json& tls = field(s, "tls");
  v.add(check_server_tls(tls));
  if (!port_v.has_errors()) {
    Protocol p = parse_protocol(str(port, "protocol"));
    if (p.is_tls() && !tls.is_object()) {
      v.error("server must have TLS settings for HTTPS/TLS protocols");
    } else if (!p.is_tls() && tls.is_object()) {
      if (p.is_http()) {
        std::string mode = enum_value(tls, "mode", "PASSTHROUGH");
        bool passthrough = mode == "PASSTHROUGH" || mode == "AUTO_PASSTHROUGH";
        if (!passthrough || !str(tls, "caCertificates").empty() || !str(tls, "privateKey").empty() ||
            !str(tls, "serverCertificate").empty())
          v.error("server cannot have TLS settings for plain text HTTP ports");
      } else {
        v.error("server cannot have TLS settings for non HTTPS/TLS ports");
      }
    }
  }
  return v;
}

}  // namespace

std::string enum_value(const Json& j, std::string_view key, std::string_view zero) {
  const Json& v = field(j, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() && v.get<long long>() != 0) return std::to_string(v.get<long long>());
  return std::string(zero);
}

Validation check_server_tls(const Json& tls) {
  Validation v;
  if (!tls.is_object()) return v;
  std::vector<std::string> ciphers = strings(tls, "cipherSuites");
  std::string min_version = enum_value(tls, "minProtocolVersion", "TLS_AUTO");
  if ((min_version == "TLSV1_0" || min_version == "TLSV1_1") && ciphers.empty())
    v.warn(
        "TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include "
        "compatible ciphers.");
  std::set<std::string> invalid, valid, duplicate;
  for (const std::string& cs : ciphers) {
    if (!valid_cipher_suite(cs))
      invalid.insert(cs);
    else if (!valid.insert(cs).second)
      duplicate.insert(cs);
  }
  if (!invalid.empty()) v.warn("ignoring invalid cipher suites: " + go_list(invalid));
  if (!duplicate.empty()) v.warn("ignoring duplicate cipher suites: " + go_list(duplicate));

  std::string mode = enum_value(tls, "mode", "PASSTHROUGH");
  std::string server_cert = str(tls, "serverCertificate"), key = str(tls, "privateKey");
  std::string ca = str(tls, "caCertificates"), credential = str(tls, "credentialName");
  bool credentials = !array(tls, "credentialNames").empty();
  const Json& certs = array(tls, "tlsCertificates");
  if (mode == "ISTIO_MUTUAL") {
    if (!server_cert.empty()) v.error("ISTIO_MUTUAL TLS cannot have associated server certificate");
    if (!key.empty()) v.error("ISTIO_MUTUAL TLS cannot have associated private key");
    if (!ca.empty()) v.error("ISTIO_MUTUAL TLS cannot have associated CA bundle");
    if (!certs.empty()) v.error("ISTIO_MUTUAL TLS cannot have associated tlsCertificates");
    if (!credential.empty()) v.error("ISTIO_MUTUAL TLS cannot have associated credentialName");
    if (credentials) v.error("ISTIO_MUTUAL TLS cannot have associated credentialNames");
    return v;
  }
  std::string crl = str(tls, "caCrl");
  if ((mode == "PASSTHROUGH" || mode == "AUTO_PASSTHROUGH") &&
      (!crl.empty() || !server_cert.empty() || !key.empty() || !ca.empty() || !certs.empty() ||
       !credential.empty() || credentials))
    v.warn(mode + " mode does not use certificates, they will be ignored");
  int sources = (!server_cert.empty() && !key.empty()) + !credential.empty() + credentials + !certs.empty();
  if (sources > 1)
    v.error(
        "only one of credential_name, credential_names, server_certificate/private_key, tls_certificates "
        "should "
        "be specified");
  bool terminating = mode == "SIMPLE" || mode == "MUTUAL" || mode == "OPTIONAL_MUTUAL";
  if (terminating && (!credential.empty() || credentials)) return v;
  if (terminating) {
    std::string prefix = mode == "SIMPLE" ? "SIMPLE TLS" : "MUTUAL TLS";
    if (mode != "SIMPLE" && ca.empty()) v.error(prefix + " requires a client CA bundle");
    if (certs.size() > 2) v.warn(prefix + " can support up to 2 server certificates");
    auto check_pair = [&](const std::string& cert, const std::string& pkey) {
      if (cert.empty()) v.error(prefix + " requires a server certificate");
      if (pkey.empty()) v.error(prefix + " requires a private key");
    };
    if (certs.empty()) check_pair(server_cert, key);
    for (const Json& c : certs) check_pair(str(c, "serverCertificate"), str(c, "privateKey"));
  }
  if (!crl.empty()) {
    if (!credential.empty())
      v.error("CRL is not supported with credentialName. CRL has to be specified in the credential");
    if (mode == "SIMPLE") v.error("CRL is not supported with SIMPLE TLS");
  }
  return v;
}

Validation validate_gateway(const ConfigMeta& meta, const Json& spec) {
  Validation v;
  if (!is_dns1123_label(meta.name)) v.error("invalid gateway name: " + go_quote(meta.name));
  const Json& servers = array(spec, "servers");
  if (servers.empty()) v.error("gateway must have at least one server");
  for (const Json& s : servers) v.add(server(s));
  std::set<std::string> port_names;
  for (const Json& s : servers) {
    const Json& port = field(s, "port");
    if (!port.is_object()) continue;
    std::string name = str(port, "name");
    if (!port_names.insert(name).second)
      v.error("port names in servers must be unique: duplicate name " + name);
    if (!parse_protocol(str(port, "protocol")).is_http() && boolean(field(s, "tls"), "httpsRedirect"))
      v.warn("tls.httpsRedirect should only be used with http servers");
  }
  return v;
}

}  // namespace sidecarctl::analyze
