// Running exec credential plugins and reading their ExecCredential output.
#include "kube/exec_credential.h"
#include "yaml/json_fields.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace sidecarctl::kube {
namespace {

using Json = nlohmann::json;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  long long era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// The last few lines of a plugin's stderr, for an error message.
std::string tail(const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  if (t.size() > 600) t = "..." + t.substr(t.size() - 600);
  return t;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, hour) || s[13] != ':' ||
      !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  long long offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om)) {
      return std::nullopt;
    }
    offset = (s[pos] == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  long long secs = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                   hour * 3600LL + minute * 60LL + second - offset;
  return std::chrono::system_clock::time_point(std::chrono::seconds(secs));
}

Result<ExecCredential> parse_exec_credential(std::string_view output, const std::string& api_version) {
  Json doc = Json::parse(output, nullptr, false);
  auto bad = [](const std::string& why) {
    return make_error(ErrorKind::kInvalidInput, "the plugin's output is not a valid ExecCredential: " + why);
  };
  if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
  if (yaml::string_field_or(doc, "kind") != "ExecCredential") return bad("kind is not ExecCredential");
  std::string version = doc.contains("apiVersion") && doc["apiVersion"].is_string() ? doc["apiVersion"].get<std::string>() : "";
  if (version != api_version) {
    return bad("apiVersion \"" + version + "\" does not match the kubeconfig's \"" + api_version + "\"");
  }
  if (!doc.contains("status") || !doc["status"].is_object()) return bad("status is missing");
  const Json& status = doc["status"];
  ExecCredential cred;
  auto str = [&status](const char* key) {
    auto it = status.find(key);
    return it != status.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  cred.token = str("token");
  cred.client_cert_pem = str("clientCertificateData");
  cred.client_key_pem = str("clientKeyData");
  if (cred.client_cert_pem.empty() != cred.client_key_pem.empty()) {
    return bad("clientCertificateData and clientKeyData must be given together");
  }
  if (cred.token.empty() && cred.client_cert_pem.empty()) return bad("status has neither a token nor a client certificate");
  std::string expiry = str("expirationTimestamp");
  if (!expiry.empty()) {
    cred.expiry = parse_rfc3339(expiry);
    if (!cred.expiry) return bad("expirationTimestamp \"" + expiry + "\" is not an RFC 3339 time");
  }
  return cred;
}

Result<ExecCredential> run_exec_plugin(const ExecConfig& exec, const std::string& cluster_info_json,
                                       const std::string& user_name, const std::string& origin,
                                       const ExecContext& context) {
  std::string who = "exec plugin \"" + exec.command + "\" of user \"" + user_name + "\" (kubeconfig " + origin + ")";
  bool interactive = exec.interactive_mode != "Never" && context.stdin_is_terminal;
  if (exec.interactive_mode == "Always" && !context.stdin_is_terminal) {
    return make_error(ErrorKind::kUsage, who + " needs an interactive terminal (interactiveMode: Always)");
  }
  std::string program = find_executable(exec.command, context.env.get_or("PATH", "/usr/local/bin:/usr/bin:/bin"));
  if (program.empty()) {
    std::string msg = who + ": executable not found";
    if (!exec.install_hint.empty()) msg += "\n\n" + tail(exec.install_hint);
    return make_error(ErrorKind::kNotFound, msg);
  }
  Json info = {{"apiVersion", exec.api_version}, {"kind", "ExecCredential"}, {"spec", {{"interactive", interactive}}}};
  if (exec.provide_cluster_info) {
    Json cluster = Json::parse(cluster_info_json, nullptr, false);
    if (!cluster.is_discarded()) info["spec"]["cluster"] = cluster;
  }
  ProcessSpec spec;
  spec.program = program;
  spec.argv.push_back(exec.command);
  spec.argv.insert(spec.argv.end(), exec.args.begin(), exec.args.end());
  std::map<std::string, std::string> vars = context.env.vars();
  for (const auto& [name, value] : exec.env) vars[name] = value;
  vars["KUBERNETES_EXEC_INFO"] = info.dump();
  for (const auto& [name, value] : vars) spec.envp.push_back(name + "=" + value);
  spec.inherit_stdin = interactive;
  spec.inherit_stderr = interactive;
  spec.deadline = context.deadline;
  auto ran = context.runner(spec);
  if (!ran) return ran.error().with_context(who);
  if (ran->exit_code != 0) {
    std::string msg = who + " failed with exit status " + std::to_string(ran->exit_code);
    if (!ran->err.empty()) msg += ": " + tail(ran->err);
    return make_error(ErrorKind::kNetwork, msg);
  }
  auto cred = parse_exec_credential(ran->out, exec.api_version);
  if (!cred) return cred.error().with_context(who);
  return cred;
}

}  // namespace sidecarctl::kube
