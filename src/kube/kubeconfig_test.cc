#include "kube/kubeconfig.h"

#include <doctest/doctest.h>

#include "kube/base64.h"
#include "kube/duration.h"
#include "kube/redact.h"

namespace sidecarctl::kube {
namespace {

// An in-memory file system for kubeconfig loading.
struct FakeFiles {
  std::map<std::string, std::string> files;
  FileReader reader() const {
    return [this](const std::string& path) -> Result<std::string> {
      auto it = files.find(path);
      if (it == files.end()) return make_error(ErrorKind::kNotFound, "no such file", SourceLoc{path, -1, 0, 0});
      return it->second;
    };
  }
};

const char* kBasic = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: c1
  cluster:
    server: https://10.0.0.1:6443/
    certificate-authority: certs/ca.pem
    tls-server-name: kubernetes
contexts:
- name: dev
  context: {cluster: c1, user: alice, namespace: shop}
- name: other
  context: {cluster: c1, user: bob}
users:
- name: alice
  user:
    client-certificate: alice.crt
    client-key-data: a2V5LWJ5dGVz
- name: bob
  user:
    tokenFile: /var/tokens/bob
)";

Environment env_of(std::map<std::string, std::string> vars) { return Environment(std::move(vars)); }
Environment home_env() { return env_of({{"HOME", "/home/u"}}); }

TEST_CASE("~/.kube/config: context, cluster, user, relative paths against the file") {
  FakeFiles fs;
  fs.files["/home/u/.kube/config"] = kBasic;
  fs.files["/home/u/.kube/certs/ca.pem"] = "CA PEM";
  fs.files["/home/u/.kube/alice.crt"] = "ALICE CERT";
  auto config = load_rest_config({}, home_env(), fs.reader());
  REQUIRE_MESSAGE(config.has_value(), config.error().to_string());
  CHECK(config->server == "https://10.0.0.1:6443");
  CHECK(config->context_name == "dev");
  CHECK(config->namespace_ == "shop");
  CHECK(config->ca_pem == "CA PEM");
  CHECK(config->client_cert_pem == "ALICE CERT");
  CHECK(config->client_key_pem == "key-bytes");
  CHECK(config->tls_server_name == "kubernetes");
  CHECK(config->timeout == std::chrono::milliseconds(15000));
  CHECK(config->origin == "/home/u/.kube/config");
}

TEST_CASE("--context, -n, --as and the timeout override the file") {
  FakeFiles fs;
  fs.files["/k/config"] = kBasic;
  fs.files["/k/certs/ca.pem"] = "CA";
  fs.files["/var/tokens/bob"] = "tok\n";
  ClientOptions options;
  options.kubeconfig = "/k/config";
  options.context = "other";
  options.namespace_override = "ns1";
  options.impersonate_user = "carol";
  options.impersonate_groups = {"admins", "devs"};
  options.timeout = "1m30s";
  auto config = load_rest_config(options, home_env(), fs.reader());
  REQUIRE_MESSAGE(config.has_value(), config.error().to_string());
  CHECK(config->user_name == "bob");
  CHECK(config->token_file == "/var/tokens/bob");
  CHECK(config->namespace_ == "ns1");
  CHECK(config->impersonate_user == "carol");
  CHECK(config->impersonate_groups == std::vector<std::string>{"admins", "devs"});
  CHECK(config->timeout == std::chrono::milliseconds(90000));
}

TEST_CASE("a context without namespace gives default") {
  FakeFiles fs;
  fs.files["/k"] = "current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\n"
                   "clusters: [{name: c, cluster: {server: 'http://127.0.0.1:8080'}}]\n";
  ClientOptions options;
  options.kubeconfig = "/k";
  auto config = load_rest_config(options, {}, fs.reader());
  REQUIRE_MESSAGE(config.has_value(), config.error().to_string());
  CHECK(config->namespace_ == "default");
  CHECK(config->server == "http://127.0.0.1:8080");
}

TEST_CASE("KUBECONFIG: several files merged, first definition wins, missing files skipped") {
  FakeFiles fs;
  fs.files["/a"] = "current-context: one\nclusters: [{name: c, cluster: {server: 'https://first'}}]\n";
  fs.files["/b"] = "current-context: two\n"
                   "clusters: [{name: c, cluster: {server: 'https://second'}}]\n"
                   "contexts: [{name: one, context: {cluster: c, user: u}}, {name: two, context: {cluster: c}}]\n"
                   "users: [{name: u, user: {username: admin, password: s3cret}}]\n";
  Environment env = env_of({{"KUBECONFIG", "/missing:/a::/b:/a"}, {"HOME", "/home/u"}});
  auto config = load_rest_config({}, env, fs.reader());
  REQUIRE_MESSAGE(config.has_value(), config.error().to_string());
  CHECK(config->context_name == "one");
  CHECK(config->server == "https://first");
  CHECK(config->username == "admin");
  CHECK(config->password == "s3cret");
  CHECK(config->origin == "/a:/b");
  CHECK(kubeconfig_paths({}, env) == std::vector<std::string>{"/missing", "/a", "/b"});
}

TEST_CASE("in-cluster configuration when there is no kubeconfig") {
  FakeFiles fs;
  fs.files["/var/run/secrets/kubernetes.io/serviceaccount/token"] = "sa-token";
  fs.files["/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"] = "SA CA";
  fs.files["/var/run/secrets/kubernetes.io/serviceaccount/namespace"] = "istio-system\n";
  Environment env = env_of({{"HOME", "/nohome"}, {"KUBERNETES_SERVICE_HOST", "fd00::1"}, {"KUBERNETES_SERVICE_PORT", "443"}});
  auto config = load_rest_config({}, env, fs.reader());
  REQUIRE_MESSAGE(config.has_value(), config.error().to_string());
  CHECK(config->server == "https://[fd00::1]:443");
  CHECK(config->ca_pem == "SA CA");
  CHECK(config->token_file == "/var/run/secrets/kubernetes.io/serviceaccount/token");
  CHECK(config->namespace_ == "istio-system");
  CHECK(config->origin == "in-cluster service account");
}

TEST_CASE("client_config_available: any kubeconfig file, --kubeconfig or the in-cluster environment") {
  FakeFiles fs;
  CHECK_FALSE(client_config_available({}, home_env(), fs.reader()));
  CHECK_FALSE(client_config_available({}, env_of({{"KUBECONFIG", "/a:/b"}}), fs.reader()));
  ClientOptions explicit_file;
  explicit_file.kubeconfig = "/missing";
  CHECK(client_config_available(explicit_file, home_env(), fs.reader()));
  CHECK(client_config_available({}, env_of({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}}),
                                fs.reader()));
  fs.files["/b"] = "apiVersion: v1\n";
  CHECK(client_config_available({}, env_of({{"KUBECONFIG", "/a:/b"}}), fs.reader()));
}

TEST_CASE("no configuration at all is a clear error") {
  auto config = load_rest_config({}, home_env(), FakeFiles{}.reader());
  REQUIRE_FALSE(config.has_value());
  CHECK(config.error().message.find("no Kubernetes configuration: no kubeconfig file found") == 0);
}

TEST_CASE("an explicit --kubeconfig must exist") {
  ClientOptions options;
  options.kubeconfig = "/nope";
  auto config = load_rest_config(options, home_env(), FakeFiles{}.reader());
  REQUIRE_FALSE(config.has_value());
  CHECK(config.error().to_string() == "/nope: kubeconfig: no such file");
}

// Loads `text` as --kubeconfig /cfg and returns the error text.
std::string error_of(const std::string& text, const std::string& context = "") {
  FakeFiles fs;
  fs.files["/cfg"] = text;
  ClientOptions options;
  options.kubeconfig = "/cfg";
  options.context = context;
  auto config = load_rest_config(options, {}, fs.reader());
  if (config.has_value()) return "(loaded)";
  return config.error().to_string();
}

const char* kPrefix = "current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n"
                      "clusters: [{name: c, cluster: {server: 'https://h'}}]\n";

TEST_CASE("broken kubeconfigs name the file, the position and the entry") {
  CHECK(error_of(std::string(kPrefix) + "users:\n- name: u\n  user:\n    client-key-data: '%%%'\n    "
                                        "client-certificate-data: QQ==\n") ==
        "/cfg:5:3: users \"u\": client-key-data is not valid base64");
  CHECK(error_of(std::string(kPrefix) + "users:\n- name: u\n  user: {token: t, username: a}\n") ==
        "/cfg:5:3: users \"u\": more than one authentication method (token, basic auth); keep one");
  CHECK(error_of(std::string(kPrefix) + "users:\n- name: u\n  user: {client-certificate: /x.crt, client-key: /x.key}\n") ==
        "/cfg:5:3: users \"u\": client-certificate /x.crt: no such file");
  CHECK(error_of(std::string(kPrefix) + "users:\n- name: u\n  user:\n    auth-provider: {name: gcp}\n").find(
            "users \"u\": auth-provider \"gcp\" is not supported") != std::string::npos);
  CHECK(error_of(std::string(kPrefix) + "users: []\n") ==
        "/cfg:2:12: contexts \"x\": user \"u\" is not defined in kubeconfig /cfg");
  CHECK(error_of(kPrefix, "nope") == "context \"nope\" is not defined in kubeconfig /cfg");
  CHECK(error_of("clusters: [{name: c, cluster: {server: 'https://h'}}]\ncontexts: [{name: a, context: {cluster: c}}]\n") ==
        "kubeconfig /cfg: no current-context is set; choose one with --context (contexts: a)");
  CHECK(error_of("current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\nclusters:\n- name: c\n  cluster:\n"
                 "    server: https://h\n    insecure-skip-tls-verify: true\n    certificate-authority-data: QQ==\n") ==
        "/cfg:4:3: clusters \"c\": insecure-skip-tls-verify cannot be combined with a certificate authority");
  CHECK(error_of("current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\nclusters:\n- name: c\n  cluster:\n"
                 "    server: https://h\n    proxy-url: ftp://p\n") ==
        "/cfg:4:3: clusters \"c\": proxy-url must use http, https or socks5");
  CHECK(error_of("clusters: {}\n") == "/cfg:1:1: clusters must be a list");
  CHECK(error_of("current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\n") ==
        "/cfg:2:12: contexts \"x\": cluster \"c\" is not defined in kubeconfig /cfg");
}

// Found by kubeconfig_fuzz: fields the loader only peeks at (extension names, auth-provider names)
// may have any type; a number there used to throw out of nlohmann's value().
TEST_CASE("fields of unexpected types in optional parts load or fail cleanly") {
  const std::string cluster = "current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\nclusters:\n- name: c\n"
                              "  cluster:\n    server: https://h\n";
  CHECK(error_of(cluster + "    extensions: [{name: 5, extension: {}}, 7, {name: [1]}]\n") == "(loaded)");
  CHECK(error_of(std::string(kPrefix) + "users:\n- name: u\n  user:\n    auth-provider: {name: 5}\n").find(
            "users \"u\": auth-provider \"\" is not supported") != std::string::npos);
}

TEST_CASE("exec plugin entries") {
  FakeFiles fs;
  fs.files["/dir/cfg"] = std::string(kPrefix) +
                         "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                         "      command: ./bin/plugin\n      args: [--flag]\n      env: [{name: A, value: b}]\n"
                         "      interactiveMode: Never\n      provideClusterInfo: true\n";
  ClientOptions options;
  options.kubeconfig = "/dir/cfg";
  auto config = load_rest_config(options, {}, fs.reader());
  REQUIRE_MESSAGE(config.has_value(), config.error().to_string());
  REQUIRE(config->exec.has_value());
  CHECK(config->exec->command == "/dir/./bin/plugin");
  CHECK(config->exec->args == std::vector<std::string>{"--flag"});
  CHECK(config->exec->env.at(0) == std::pair<std::string, std::string>{"A", "b"});
  CHECK(config->exec->provide_cluster_info);
  CHECK(config->cluster_info_json == R"({"server":"https://h"})");

  CHECK(error_of(std::string(kPrefix) + "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, "
                                        "command: p}\n") ==
        "/cfg:5:3: users \"u\": exec.interactiveMode must be set for client.authentication.k8s.io/v1");
  CHECK(error_of(std::string(kPrefix) + "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/"
                                        "v1alpha1, command: p}\n")
            .find("exec.apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported") != std::string::npos);
}

const char* kNoUser = "current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\n"
                      "clusters: [{name: c, cluster: {server: 'https://h'}}]\n";

TEST_CASE("proxy from the environment unless proxy-url is set") {
  FakeFiles fs;
  fs.files["/cfg"] = kNoUser;
  ClientOptions options;
  options.kubeconfig = "/cfg";
  Environment env = env_of({{"https_proxy", "http://proxy:3128"}, {"NO_PROXY", "10.0.0.0/8"}});
  auto config = load_rest_config(options, env, fs.reader());
  REQUIRE(config.has_value());
  CHECK(config->proxy_url == "http://proxy:3128");
  CHECK(config->no_proxy == "10.0.0.0/8");
}

TEST_CASE("no proxy from the environment for a loopback server, as Go's ProxyFromEnvironment") {
  Environment env = env_of({{"HTTPS_PROXY", "http://proxy:3128"}, {"HTTP_PROXY", "http://proxy:3128"}});
  for (const auto& [server, proxied] : std::vector<std::pair<std::string, bool>>{
           {"https://127.0.0.1:6443", false}, {"https://127.3.4.5", false}, {"https://localhost:6443/base", false},
           {"https://LocalHost", false}, {"https://[::1]:6443", false}, {"https://[::ffff:127.0.0.1]:1", false},
           {"http://u:p@127.0.0.1:8080", false}, {"https://128.0.0.1:6443", true}, {"https://[::2]:6443", true},
           {"https://localhost.example:6443", true}, {"https://h", true}}) {
    CAPTURE(server);
    FakeFiles fs;
    fs.files["/cfg"] = "current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\n"
                       "clusters: [{name: c, cluster: {server: '" + server + "'}}]\n";
    ClientOptions options;
    options.kubeconfig = "/cfg";
    auto config = load_rest_config(options, env, fs.reader());
    REQUIRE(config.has_value());
    CHECK(config->proxy_url == (proxied ? "http://proxy:3128" : ""));
  }
  FakeFiles fs;
  fs.files["/cfg"] = "current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\n"
                     "clusters: [{name: c, cluster: {server: 'https://127.0.0.1', proxy-url: 'http://p:1'}}]\n";
  ClientOptions options;
  options.kubeconfig = "/cfg";
  auto config = load_rest_config(options, env, fs.reader());
  REQUIRE(config.has_value());
  CHECK(config->proxy_url == "http://p:1");
}

TEST_CASE("impersonating groups needs a user") {
  FakeFiles fs;
  fs.files["/cfg"] = kNoUser;
  ClientOptions options;
  options.kubeconfig = "/cfg";
  options.impersonate_groups = {"g"};
  auto config = load_rest_config(options, {}, fs.reader());
  REQUIRE_FALSE(config.has_value());
  CHECK(config.error().message == "impersonating groups, a UID or extra fields requires --as (a user)");
}

TEST_CASE("durations as Go parses them") {
  CHECK(parse_duration("15s").value() == std::chrono::milliseconds(15000));
  CHECK(parse_duration("1m30s").value() == std::chrono::milliseconds(90000));
  CHECK(parse_duration("1.5h").value() == std::chrono::milliseconds(5400000));
  CHECK(parse_duration("250ms").value() == std::chrono::milliseconds(250));
  CHECK(parse_duration("0").value() == std::chrono::milliseconds(0));
  CHECK(parse_duration("20").value() == std::chrono::milliseconds(20000));
  CHECK(parse_duration("5x").error().message == "invalid duration \"5x\": unknown unit \"x\"");
  CHECK(parse_duration("-1s").error().message == "invalid duration \"-1s\": must not be negative");
  CHECK_FALSE(parse_duration("").has_value());
  CHECK_FALSE(parse_duration("s").has_value());
}

TEST_CASE("base64 round trips and rejects garbage") {
  CHECK(base64_encode("user:pass") == "dXNlcjpwYXNz");
  CHECK(base64_encode("a") == "YQ==");
  CHECK(base64_encode("ab") == "YWI=");
  CHECK(base64_decode("dXNlcjpw\nYXNz").value() == "user:pass");
  CHECK(base64_decode("YQ").value() == "a");
  CHECK_FALSE(base64_decode("Y").has_value());
  CHECK_FALSE(base64_decode("Y*==").has_value());
}

TEST_CASE("redaction keeps the scheme and hides the secret") {
  CHECK(redact_header_value("Authorization", "Bearer abc") == "Bearer <redacted>");
  CHECK(redact_header_value("authorization", "Basic dXNlcjpwYXNz") == "Basic <redacted>");
  CHECK(redact_header_value("X-Api-Token", "abc") == "<redacted>");
  CHECK(redact_header_value("Impersonate-User", "bob") == "bob");
}

}  // namespace
}  // namespace sidecarctl::kube
