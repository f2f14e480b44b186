// kubeconfig loading: file discovery, first-wins merging, entry lookup, validation and in-cluster.
#include "kube/kubeconfig.h"

#include <sys/stat.h>

#include <set>

#include "base/file_io.h"
#include "kube/base64.h"
#include "kube/duration.h"
#include "kube/http_transport.h"
#include "yaml/document.h"
#include "yaml/json_fields.h"

namespace sidecarctl::kube {
namespace {

using yaml::Json;

constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

// One named clusters/contexts/users entry and where it was defined.
struct Entry {
  Json value;        // the inner object (cluster:, context: or user:)
  std::string file;  // the kubeconfig file that defined it
  SourceLoc loc;     // the entry's position, for messages
};

// The merged view of every kubeconfig file (first definition of a name wins).
struct Merged {
  std::vector<std::string> files;  // files actually read
  std::string current_context;
  std::map<std::string, Entry> clusters, contexts, users;
};

std::string dir_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string resolve(const std::string& path, const std::string& file) {
  if (path.empty() || path.front() == '/') return path;
  return dir_of(file) + "/" + path;
}

// A kubeconfig holds one document: its index is left out of messages.
SourceLoc loc_of(const yaml::Document& doc, const std::string& pointer) {
  SourceLoc loc = doc.loc(pointer);
  loc.document = -1;
  return loc;
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

// An error about one entry: "file:line:col: users "alice": why".
Error entry_error(const std::string& section, const std::string& name, const Entry& entry, const std::string& why) {
  return make_error(ErrorKind::kInvalidInput, section + " \"" + name + "\": " + why, entry.loc);
}

// Reads string field `key` of `obj` ("" when absent); a non-string value is an error.
Result<std::string> string_field(const Json& obj, const std::string& key, const std::string& section,
                                 const std::string& name, const Entry& entry) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return entry_error(section, name, entry, key + " must be a string");
  return it->get<std::string>();
}

Result<bool> bool_field(const Json& obj, const std::string& key, const std::string& section,
                        const std::string& name, const Entry& entry) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return false;
  if (!it->is_boolean()) return entry_error(section, name, entry, key + " must be true or false");
  return it->get<bool>();
}

// Adds the entries of one section of one file to `into`, keeping earlier definitions.
Result<void> merge_section(const yaml::Document& doc, const std::string& section, const std::string& inner,
                           std::map<std::string, Entry>& into) {
  auto it = doc.value.find(section);
  if (it == doc.value.end() || it->is_null()) return {};
  if (!it->is_array()) {
    return make_error(ErrorKind::kInvalidInput, section + " must be a list", loc_of(doc, "/" + section));
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& item = (*it)[i];
    std::string pointer = "/" + section + "/" + std::to_string(i);
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string()) {
      return make_error(ErrorKind::kInvalidInput, section + "[" + std::to_string(i) + "] needs a string name",
                        loc_of(doc, pointer));
    }
    std::string name = item["name"].get<std::string>();
    if (into.count(name) != 0) continue;
    Json value = item.contains(inner) && !item[inner].is_null() ? item[inner] : Json::object();
    if (!value.is_object()) {
      return make_error(ErrorKind::kInvalidInput, section + " \"" + name + "\": " + inner + " must be a mapping",
                        loc_of(doc, pointer + "/" + inner));
    }
    into.emplace(name, Entry{std::move(value), doc.source, loc_of(doc, pointer)});
  }
  return {};
}

Result<void> merge_file(const std::string& path, const std::string& text, Merged& merged) {
  merged.files.push_back(path);
  TRY_ASSIGN(std::vector<yaml::Document> docs, yaml::load_stream(text, path));
  if (docs.empty() || docs.front().value.is_null()) return {};
  if (docs.size() > 1) {
    return make_error(ErrorKind::kInvalidInput, "a kubeconfig file holds one document", loc_of(docs[1], ""));
  }
  const yaml::Document& doc = docs.front();
  if (!doc.value.is_object()) return make_error(ErrorKind::kInvalidInput, "kubeconfig must be a mapping", loc_of(doc, ""));
  if (auto cc = doc.value.find("current-context"); cc != doc.value.end() && !cc->is_null()) {
    if (!cc->is_string()) {
      return make_error(ErrorKind::kInvalidInput, "current-context must be a string", loc_of(doc, "/current-context"));
    }
    if (merged.current_context.empty()) merged.current_context = cc->get<std::string>();
  }
  TRY(merge_section(doc, "clusters", "cluster", merged.clusters));
  TRY(merge_section(doc, "contexts", "context", merged.contexts));
  TRY(merge_section(doc, "users", "user", merged.users));
  return {};
}

// A PEM value from a file path (relative to the kubeconfig) or base64 *-data; both is an error.
Result<std::string> pem_field(const Json& obj, const std::string& file_key, const std::string& section,
                              const std::string& name, const Entry& entry, const FileReader& read) {
  TRY_ASSIGN(std::string path, string_field(obj, file_key, section, name, entry));
  TRY_ASSIGN(std::string data, string_field(obj, file_key + "-data", section, name, entry));
  if (!path.empty() && !data.empty()) {
    return entry_error(section, name, entry, file_key + " and " + file_key + "-data are both set; keep one");
  }
  if (!data.empty()) {
    std::optional<std::string> decoded = base64_decode(data);
    if (!decoded) return entry_error(section, name, entry, file_key + "-data is not valid base64");
    return *decoded;
  }
  if (path.empty()) return std::string();
  std::string full = resolve(path, entry.file);
  auto content = read(full);
  if (!content) {
    return entry_error(section, name, entry, file_key + " " + full + ": " + content.error().message);
  }
  return std::move(content).value();
}

Result<void> apply_cluster(const std::string& name, const Entry& entry, const Environment& env,
                           const FileReader& read, RestConfig& config) {
  const char* s = "clusters";
  const Json& c = entry.value;
  TRY_ASSIGN(config.server, string_field(c, "server", s, name, entry));
  if (config.server.empty()) return entry_error(s, name, entry, "server is not set");
  if (config.server.find("://") == std::string::npos) config.server = "https://" + config.server;
  if (config.server.rfind("https://", 0) != 0 && config.server.rfind("http://", 0) != 0) {
    return entry_error(s, name, entry, "server \"" + config.server + "\" must be an http or https URL");
  }
  while (config.server.size() > 8 && config.server.back() == '/') config.server.pop_back();
  TRY_ASSIGN(config.ca_pem, pem_field(c, "certificate-authority", s, name, entry, read));
  TRY_ASSIGN(config.insecure_skip_tls_verify, bool_field(c, "insecure-skip-tls-verify", s, name, entry));
  if (config.insecure_skip_tls_verify && !config.ca_pem.empty()) {
    return entry_error(s, name, entry,
                       "insecure-skip-tls-verify cannot be combined with a certificate authority");
  }
  TRY_ASSIGN(config.tls_server_name, string_field(c, "tls-server-name", s, name, entry));
  TRY_ASSIGN(config.proxy_url, string_field(c, "proxy-url", s, name, entry));
  if (!config.proxy_url.empty()) {
    bool known = false;
    for (const char* scheme : {"http://", "https://", "socks5://", "socks5h://"}) {
      known = known || config.proxy_url.rfind(scheme, 0) == 0;
    }
    if (!known) return entry_error(s, name, entry, "proxy-url must use http, https or socks5");
  } else {
    EnvironmentProxy proxy = proxy_from_environment(config.server, env);
    config.proxy_url = std::move(proxy.url);
    config.no_proxy = std::move(proxy.no_proxy);
  }
  Json info = {{"server", config.server}};
  if (!config.tls_server_name.empty()) info["tls-server-name"] = config.tls_server_name;
  if (config.insecure_skip_tls_verify) info["insecure-skip-tls-verify"] = true;
  if (!config.ca_pem.empty()) info["certificate-authority-data"] = base64_encode(config.ca_pem);
  if (auto px = c.find("proxy-url"); px != c.end()) info["proxy-url"] = *px;
  if (auto ext = c.find("extensions"); ext != c.end() && ext->is_array()) {
    for (const Json& e : *ext) {
      if (e.is_object() && yaml::string_field_or(e, "name") == "client.authentication.k8s.io/exec" && e.contains("extension")) {
        info["config"] = e["extension"];
      }
    }
  }
  config.cluster_info_json = info.dump();
  return {};
}

Result<ExecConfig> parse_exec(const std::string& name, const Entry& entry) {
  const char* s = "users";
  const Json& e = entry.value["exec"];
  if (!e.is_object()) return entry_error(s, name, entry, "exec must be a mapping");
  ExecConfig exec;
  TRY_ASSIGN(exec.api_version, string_field(e, "apiVersion", s, name, entry));
  TRY_ASSIGN(exec.command, string_field(e, "command", s, name, entry));
  TRY_ASSIGN(exec.interactive_mode, string_field(e, "interactiveMode", s, name, entry));
  TRY_ASSIGN(exec.install_hint, string_field(e, "installHint", s, name, entry));
  TRY_ASSIGN(exec.provide_cluster_info, bool_field(e, "provideClusterInfo", s, name, entry));
  if (exec.command.empty()) return entry_error(s, name, entry, "exec.command is not set");
  if (exec.command.find('/') != std::string::npos) exec.command = resolve(exec.command, entry.file);
  if (exec.api_version != "client.authentication.k8s.io/v1" &&
      exec.api_version != "client.authentication.k8s.io/v1beta1") {
    return entry_error(s, name, entry,
                       "exec.apiVersion \"" + exec.api_version +
                           "\" is not supported (client.authentication.k8s.io/v1 or v1beta1)");
  }
  if (exec.interactive_mode.empty()) {
    if (exec.api_version == "client.authentication.k8s.io/v1") {
      return entry_error(s, name, entry, "exec.interactiveMode must be set for client.authentication.k8s.io/v1");
    }
    exec.interactive_mode = "IfAvailable";
  }
  if (exec.interactive_mode != "Never" && exec.interactive_mode != "IfAvailable" &&
      exec.interactive_mode != "Always") {
    return entry_error(s, name, entry,
                       "exec.interactiveMode \"" + exec.interactive_mode + "\" is not Never, IfAvailable or Always");
  }
  if (auto args = e.find("args"); args != e.end() && !args->is_null()) {
    if (!args->is_array()) return entry_error(s, name, entry, "exec.args must be a list of strings");
    for (const Json& a : *args) {
      if (!a.is_string()) return entry_error(s, name, entry, "exec.args must be a list of strings");
      exec.args.push_back(a.get<std::string>());
    }
  }
  if (auto vars = e.find("env"); vars != e.end() && !vars->is_null()) {
    if (!vars->is_array()) return entry_error(s, name, entry, "exec.env must be a list of {name, value}");
    for (const Json& v : *vars) {
      if (!v.is_object() || !v.contains("name") || !v["name"].is_string() ||
          (v.contains("value") && !v["value"].is_string())) {
        return entry_error(s, name, entry, "exec.env must be a list of {name, value}");
      }
      exec.env.emplace_back(v["name"].get<std::string>(), yaml::string_field_or(v, "value"));
    }
  }
  return exec;
}

Result<void> apply_user(const std::string& name, const Entry& entry, const FileReader& read, RestConfig& config) {
  const char* s = "users";
  const Json& u = entry.value;
  if (u.contains("auth-provider")) {
    std::string provider = u["auth-provider"].is_object() ? yaml::string_field_or(u["auth-provider"], "name") : "";
    return entry_error(s, name, entry,
                       "auth-provider \"" + provider +
                           "\" is not supported; use an exec credential plugin (e.g. kubelogin, "
                           "gke-gcloud-auth-plugin)");
  }
  TRY_ASSIGN(config.client_cert_pem, pem_field(u, "client-certificate", s, name, entry, read));
  TRY_ASSIGN(config.client_key_pem, pem_field(u, "client-key", s, name, entry, read));
  if (config.client_cert_pem.empty() != config.client_key_pem.empty()) {
    return entry_error(s, name, entry, "client-certificate and client-key must be set together");
  }
  TRY_ASSIGN(config.token, string_field(u, "token", s, name, entry));
  TRY_ASSIGN(std::string token_file, string_field(u, "tokenFile", s, name, entry));
  if (!token_file.empty()) {
    config.token_file = resolve(token_file, entry.file);
    auto content = read(config.token_file);
    if (!content) return entry_error(s, name, entry, "tokenFile " + config.token_file + ": " + content.error().message);
  }
  TRY_ASSIGN(config.username, string_field(u, "username", s, name, entry));
  TRY_ASSIGN(config.password, string_field(u, "password", s, name, entry));
  if (u.contains("exec") && !u["exec"].is_null()) {
    TRY_ASSIGN(ExecConfig exec, parse_exec(name, entry));
    config.exec = std::move(exec);
  }
  std::vector<std::string> methods;
  if (!config.token.empty() || !config.token_file.empty()) methods.push_back("token");
  if (!config.username.empty() || !config.password.empty()) methods.push_back("basic auth");
  if (config.exec) methods.push_back("exec");
  if (methods.size() > 1) {
    return entry_error(s, name, entry, "more than one authentication method (" + join(methods, ", ") + "); keep one");
  }
  TRY_ASSIGN(config.impersonate_user, string_field(u, "as", s, name, entry));
  TRY_ASSIGN(config.impersonate_uid, string_field(u, "as-uid", s, name, entry));
  if (auto groups = u.find("as-groups"); groups != u.end() && !groups->is_null()) {
    if (!groups->is_array()) return entry_error(s, name, entry, "as-groups must be a list of strings");
    for (const Json& g : *groups) {
      if (!g.is_string()) return entry_error(s, name, entry, "as-groups must be a list of strings");
      config.impersonate_groups.push_back(g.get<std::string>());
    }
  }
  if (auto extra = u.find("as-user-extra"); extra != u.end() && !extra->is_null()) {
    if (!extra->is_object()) return entry_error(s, name, entry, "as-user-extra must map names to lists");
    for (const auto& [key, values] : extra->items()) {
      if (!values.is_array()) return entry_error(s, name, entry, "as-user-extra must map names to lists");
      for (const Json& v : values) {
        if (!v.is_string()) return entry_error(s, name, entry, "as-user-extra must map names to lists");
        config.impersonate_extra[key].push_back(v.get<std::string>());
      }
    }
  }
  return {};
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Result<RestConfig> in_cluster_config(const Environment& env, const FileReader& read) {
  std::string host = env.get_or("KUBERNETES_SERVICE_HOST", "");
  std::string port = env.get_or("KUBERNETES_SERVICE_PORT", "");
  RestConfig config;
  config.origin = "in-cluster service account";
  config.server = "https://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
  config.token_file = std::string(kServiceAccountDir) + "/token";
  auto token = read(config.token_file);
  if (!token) return token.error().with_context("in-cluster configuration: service account token");
  auto ca = read(std::string(kServiceAccountDir) + "/ca.crt");
  if (!ca) return ca.error().with_context("in-cluster configuration: service account CA");
  config.ca_pem = std::move(ca).value();
  if (auto ns = read(std::string(kServiceAccountDir) + "/namespace"); ns && !ns->empty()) {
    std::string value = *ns;
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
    if (!value.empty()) config.namespace_ = value;
  }
  EnvironmentProxy proxy = proxy_from_environment(config.server, env);
  config.proxy_url = std::move(proxy.url);
  config.no_proxy = std::move(proxy.no_proxy);
  config.cluster_info_json = Json{{"server", config.server}}.dump();
  return config;
}

}  // namespace

FileReader disk_file_reader() {
  return [](const std::string& path) -> Result<std::string> {
    if (!file_exists(path)) {
      return make_error(ErrorKind::kNotFound, "no such file", SourceLoc{path, -1, 0, 0});
    }
    return read_file(path, 64ull * 1024 * 1024);
  };
}

std::vector<std::string> kubeconfig_paths(const ClientOptions& options, const Environment& env) {
  if (!options.kubeconfig.empty()) return {options.kubeconfig};
  std::vector<std::string> paths;
  std::string list = env.get_or("KUBECONFIG", "");
  if (!list.empty()) {
    std::set<std::string> seen;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t colon = list.find(':', start);
      if (colon == std::string::npos) colon = list.size();
      std::string path = list.substr(start, colon - start);
      if (!path.empty() && seen.insert(path).second) paths.push_back(path);
      start = colon + 1;
    }
    return paths;
  }
  std::string home = env.get_or("HOME", "");
  if (!home.empty()) paths.push_back(home + "/.kube/config");
  return paths;
}

bool client_config_available(const ClientOptions& options, const Environment& env, const FileReader& read) {
  if (!options.kubeconfig.empty()) return true;
  if (!env.get_or("KUBERNETES_SERVICE_HOST", "").empty() && !env.get_or("KUBERNETES_SERVICE_PORT", "").empty()) {
    return true;
  }
  for (const std::string& path : kubeconfig_paths(options, env)) {
    auto text = read(path);
    if (text || text.error().kind != ErrorKind::kNotFound) return true;
  }
  return false;
}

Result<RestConfig> load_rest_config(const ClientOptions& options, const Environment& env, const FileReader& read) {
  TRY_ASSIGN(std::chrono::milliseconds timeout, parse_duration(options.timeout));
  Merged merged;
  for (const std::string& path : kubeconfig_paths(options, env)) {
    auto text = read(path);
    if (!text) {
      // Only an explicit --kubeconfig must exist; missing files in KUBECONFIG or ~/.kube are skipped.
      if (!options.kubeconfig.empty() || text.error().kind != ErrorKind::kNotFound) {
        Error e = text.error();
        e.message = "kubeconfig: " + e.message;
        if (e.loc.file.empty()) e.loc.file = path;
        return e;
      }
      continue;
    }
    TRY(merge_file(path, *text, merged));
  }

  RestConfig config;
  bool empty = merged.contexts.empty() && merged.current_context.empty();
  bool in_cluster_possible =
      !env.get_or("KUBERNETES_SERVICE_HOST", "").empty() && !env.get_or("KUBERNETES_SERVICE_PORT", "").empty();
  if (empty && options.kubeconfig.empty() && options.context.empty()) {
    if (!in_cluster_possible) {
      std::string looked = merged.files.empty() ? "no kubeconfig file found"
                                                : "no contexts in " + join(merged.files, ", ");
      return make_error(ErrorKind::kNotFound,
                        "no Kubernetes configuration: " + looked +
                            " (set --kubeconfig or KUBECONFIG, create ~/.kube/config, or run inside a cluster)");
    }
    TRY_ASSIGN(config, in_cluster_config(env, read));
  } else {
    std::string origin = merged.files.empty() ? options.kubeconfig : join(merged.files, ":");
    std::string context_name = options.context.empty() ? merged.current_context : options.context;
    if (context_name.empty()) {
      std::vector<std::string> names;
      for (const auto& [n, _] : merged.contexts) names.push_back(n);
      return make_error(ErrorKind::kUsage, "kubeconfig " + origin + ": no current-context is set; choose one with "
                                               "--context (contexts: " + join(names, ", ") + ")");
    }
    auto ctx_it = merged.contexts.find(context_name);
    if (ctx_it == merged.contexts.end()) {
      return make_error(ErrorKind::kNotFound,
                        "context \"" + context_name + "\" is not defined in kubeconfig " + origin);
    }
    const Entry& ctx = ctx_it->second;
    TRY_ASSIGN(config.cluster_name, string_field(ctx.value, "cluster", "contexts", context_name, ctx));
    TRY_ASSIGN(config.user_name, string_field(ctx.value, "user", "contexts", context_name, ctx));
    TRY_ASSIGN(std::string ns, string_field(ctx.value, "namespace", "contexts", context_name, ctx));
    if (!ns.empty()) config.namespace_ = ns;
    auto cluster_it = merged.clusters.find(config.cluster_name);
    if (config.cluster_name.empty() || cluster_it == merged.clusters.end()) {
      return entry_error("contexts", context_name, ctx,
                         "cluster \"" + config.cluster_name + "\" is not defined in kubeconfig " + origin);
    }
    TRY(apply_cluster(config.cluster_name, cluster_it->second, env, read, config));
    if (!config.user_name.empty()) {
      auto user_it = merged.users.find(config.user_name);
      if (user_it == merged.users.end()) {
        return entry_error("contexts", context_name, ctx,
                           "user \"" + config.user_name + "\" is not defined in kubeconfig " + origin);
      }
      TRY(apply_user(config.user_name, user_it->second, read, config));
    }
    config.context_name = context_name;
    config.origin = origin;
  }
  if (!options.namespace_override.empty()) config.namespace_ = options.namespace_override;
  if (!options.impersonate_user.empty()) config.impersonate_user = options.impersonate_user;
  if (!options.impersonate_groups.empty()) config.impersonate_groups = options.impersonate_groups;
  if (!options.impersonate_uid.empty()) config.impersonate_uid = options.impersonate_uid;
  if (config.impersonate_user.empty() &&
      (!config.impersonate_groups.empty() || !config.impersonate_uid.empty() || !config.impersonate_extra.empty())) {
    return make_error(ErrorKind::kUsage, "impersonating groups, a UID or extra fields requires --as (a user)");
  }
  config.timeout = timeout;
  return config;
}

}  // namespace sidecarctl::kube
