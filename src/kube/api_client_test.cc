#include "kube/api_client.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "kube/api_status.h"
#include "kube/test_transport.h"

namespace sidecarctl::kube {
namespace {

std::string header(const HttpRequest& r, const std::string& name) {
  std::string out;
  for (const auto& [n, v] : r.headers) {
    if (n == name) out += (out.empty() ? "" : ",") + v;
  }
  return out;
}

struct Harness {
  FakeTransport* transport = nullptr;
  std::vector<std::chrono::milliseconds> sleeps;
  std::vector<std::string> log;
  std::unique_ptr<ApiClient> client;

  explicit Harness(RestConfig config = {}, ApiClientOptions options = {}) {
    if (config.server.empty()) config.server = "https://api.test:6443";
    auto t = std::make_unique<FakeTransport>();
    transport = t.get();
    options.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
    options.log = [this](const std::string& line) { log.push_back(line); };
    client = std::make_unique<ApiClient>(config, std::move(t), std::move(options));
  }
};

TEST_CASE("GET sends auth and impersonation headers and parses JSON") {
  RestConfig config;
  config.token = "sekret-token";
  config.impersonate_user = "bob";
  config.impersonate_groups = {"g1", "g2"};
  config.impersonate_uid = "42";
  Harness h(config);
  h.transport->answers.push_back(FakeTransport::reply(200, R"({"kind":"Namespace","metadata":{"name":"a b"}})"));
  auto ns = h.client->get_namespace("a b");
  REQUIRE(ns.has_value());
  CHECK((*ns)["kind"] == "Namespace");
  const HttpRequest& r = h.transport->requests.at(0);
  CHECK(r.method == "GET");
  CHECK(r.url == "https://api.test:6443/api/v1/namespaces/a%20b");
  CHECK(header(r, "Authorization") == "Bearer sekret-token");
  CHECK(header(r, "Impersonate-User") == "bob");
  CHECK(header(r, "Impersonate-Group") == "g1,g2");
  CHECK(header(r, "Impersonate-Uid") == "42");
  CHECK(header(r, "Accept") == "application/json");
  bool leaked = false;
  for (const auto& line : h.log) leaked = leaked || line.find("sekret-token") != std::string::npos;
  CHECK_FALSE(leaked);
  CHECK(std::find(h.log.begin(), h.log.end(), ">   Authorization: Bearer <redacted>") != h.log.end());
}

TEST_CASE("basic auth and token files (re-read on every request)") {
  RestConfig config;
  config.username = "admin";
  config.password = "pw";
  Harness basic(config);
  basic.transport->answers.push_back(FakeTransport::reply(200, "{}"));
  REQUIRE(basic.client->get("/version").has_value());
  CHECK(header(basic.transport->requests.at(0), "Authorization") == "Basic YWRtaW46cHc=");

  std::string token = "first\n";
  RestConfig tf;
  tf.token_file = "/t";
  ApiClientOptions options;
  options.read = [&token](const std::string&) -> Result<std::string> { return token; };
  Harness h(tf, options);
  h.transport->answers = {FakeTransport::reply(200, "{}"), FakeTransport::reply(200, "{}")};
  REQUIRE(h.client->get("/a").has_value());
  token = "second";
  REQUIRE(h.client->get("/a").has_value());
  CHECK(header(h.transport->requests.at(0), "Authorization") == "Bearer first");
  CHECK(header(h.transport->requests.at(1), "Authorization") == "Bearer second");
}

TEST_CASE("LIST follows continue tokens and fills in kind") {
  Harness h;
  h.transport->answers = {
      FakeTransport::reply(200, R"({"apiVersion":"v1","kind":"PodList","metadata":{"continue":"tok 1"},
                                   "items":[{"metadata":{"name":"a"}}]})"),
      FakeTransport::reply(200, R"({"apiVersion":"v1","kind":"PodList","metadata":{},"items":[{"metadata":{"name":"b"}}]})")};
  auto pods = h.client->list_pods("ns", "app=x");
  REQUIRE(pods.has_value());
  REQUIRE(pods->size() == 2);
  CHECK((*pods)[1]["kind"] == "Pod");
  CHECK((*pods)[1]["apiVersion"] == "v1");
  CHECK(h.transport->requests.at(0).url == "https://api.test:6443/api/v1/namespaces/ns/pods?labelSelector=app%3Dx&limit=500");
  CHECK(h.transport->requests.at(1).url ==
        "https://api.test:6443/api/v1/namespaces/ns/pods?labelSelector=app%3Dx&limit=500&continue=tok%201");
}

TEST_CASE("LIST whose continue token expired lists everything again in one request") {
  const std::string expired = R"({"kind":"Status","apiVersion":"v1","metadata":{"continue":"inconsistent"},
      "status":"Failure","message":"The provided continue parameter is too old","reason":"Expired",
      "code":410})";
  Harness h;
  h.transport->answers = {
      FakeTransport::reply(200, R"({"kind":"PodList","apiVersion":"v1","metadata":{"continue":"t1"},
                                   "items":[{"metadata":{"name":"old"}}]})"),
      FakeTransport::reply(410, expired),
      FakeTransport::reply(200, R"({"kind":"PodList","apiVersion":"v1","metadata":{},
                                   "items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]})")};
  auto pods = h.client->list_pods("ns");
  REQUIRE(pods.has_value());
  REQUIRE(pods->size() == 2);  // the first page's item is not kept: the full list is the truth
  CHECK((*pods)[0]["metadata"]["name"] == "a");
  CHECK((*pods)[1]["kind"] == "Pod");
  REQUIRE(h.transport->requests.size() == 3);
  CHECK(h.transport->requests[1].url ==
        "https://api.test:6443/api/v1/namespaces/ns/pods?limit=500&continue=t1");
  CHECK(h.transport->requests[2].url == "https://api.test:6443/api/v1/namespaces/ns/pods");
  CHECK(h.sleeps.empty());
  CHECK(std::find(h.log.begin(), h.log.end(),
                  "continue token expired: listing /api/v1/namespaces/ns/pods again without paging") !=
        h.log.end());

  // On the first page (no continue token) a 410 is the caller's error, as it is for client-go's pager; so is
  // a 410 for any other reason, or a failure of the full list.
  Harness first;
  first.transport->answers = {FakeTransport::reply(410, expired)};
  auto e = first.client->list_pods("ns");
  REQUIRE_FALSE(e.has_value());
  CHECK(first.transport->requests.size() == 1);
  CHECK(e.error().message == "The provided continue parameter is too old (410 Gone)");
  Harness gone;
  gone.transport->answers = {
      FakeTransport::reply(200, R"({"kind":"PodList","metadata":{"continue":"t1"},"items":[]})"),
      FakeTransport::reply(410, R"({"kind":"Status","status":"Failure","message":"gone","reason":"Gone"})")};
  REQUIRE_FALSE(gone.client->list_pods("ns").has_value());
  CHECK(gone.transport->requests.size() == 2);
  Harness twice;
  twice.transport->answers = {
      FakeTransport::reply(200, R"({"kind":"PodList","metadata":{"continue":"t1"},"items":[]})"),
      FakeTransport::reply(410, expired), FakeTransport::reply(403, R"({"kind":"Status","message":"no"})")};
  auto denied = twice.client->list_pods("ns");
  REQUIRE_FALSE(denied.has_value());
  CHECK(denied.error().message == "no (403 Forbidden)");
  CHECK(twice.transport->requests.size() == 3);
}

TEST_CASE("PATCH sends the content type, fieldManager and dryRun") {
  Harness h;
  h.transport->answers.push_back(FakeTransport::reply(200, R"({"metadata":{"name":"x"}})"));
  WriteOptions w;
  w.dry_run = true;
  auto r = h.client->patch("/api/v1/namespaces/x", Json{{"metadata", {{"labels", {{"a", "b"}}}}}}, kMergePatch, w);
  REQUIRE(r.has_value());
  const HttpRequest& req = h.transport->requests.at(0);
  CHECK(req.method == "PATCH");
  CHECK(req.url == "https://api.test:6443/api/v1/namespaces/x?fieldManager=sidecarctl&dryRun=All");
  CHECK(header(req, "Content-Type") == "application/merge-patch+json");
  CHECK(req.body == R"({"metadata":{"labels":{"a":"b"}}})");
}

TEST_CASE("Status errors become the server's message with the HTTP code") {
  Harness h;
  h.transport->answers.push_back(FakeTransport::reply(
      403, R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"namespaces \"foo\" is forbidden: User \"viewer\" cannot patch resource \"namespaces\" in API group \"\" at the cluster scope","reason":"Forbidden","code":403})"));
  auto r = h.client->patch("/api/v1/namespaces/foo", Json::object(), kMergePatch);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::kRemote);
  CHECK(r.error().message ==
        "namespaces \"foo\" is forbidden: User \"viewer\" cannot patch resource \"namespaces\" in API group \"\" at the "
        "cluster scope (403 Forbidden)");
  CHECK(h.transport->requests.size() == 1);

  CHECK(status_error(404, R"({"kind":"Status","message":"namespaces \"x\" not found"})", "GET", "/p").kind ==
        ErrorKind::kNotFound);
  CHECK(status_error(502, "<html>\nbad gateway</html>", "GET", "/api").message ==
        "the server answered 502 Bad Gateway to GET /api: <html> bad gateway</html>");
  CHECK(status_error(401, R"({"kind":"Status","message":"Unauthorized"})", "GET", "/api").message ==
        "you must be logged in to the server: Unauthorized (401 Unauthorized)");
}

TEST_CASE("a deadline stops retries and cuts backoff sleeps short") {
  ApiClientOptions past;
  past.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  Harness h({}, past);
  auto r = h.client->get("/x");
  REQUIRE_FALSE(r.has_value());
  CHECK(h.transport->requests.empty());
  CHECK(r.error().message == "GET /x: time limit reached");

  ApiClientOptions soon;
  soon.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  Harness g({}, soon);
  g.transport->answers = {FakeTransport::reply(503, "{}", {{"Retry-After", "7"}}),
                          FakeTransport::reply(200, R"({"ok":true})")};
  REQUIRE(g.client->get("/y").has_value());
  REQUIRE(g.sleeps.size() == 1);
  CHECK(g.sleeps[0] <= std::chrono::milliseconds(2000));
  CHECK(g.sleeps[0] > std::chrono::milliseconds(0));
}

TEST_CASE("GET retries 429 and 5xx, honouring Retry-After, then gives up") {
  Harness h;
  h.transport->answers = {FakeTransport::reply(429, "{}", {{"Retry-After", "3"}}),
                          FakeTransport::reply(503, "{}"),
                          FakeTransport::failure(TransportFailure::kReset, "Connection reset by peer"),
                          FakeTransport::reply(200, R"({"ok":true})")};
  auto r = h.client->get("/x");
  REQUIRE(r.has_value());
  CHECK(h.sleeps == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(3000),
                                                           std::chrono::milliseconds(500),
                                                           std::chrono::milliseconds(1000)});
  Harness g;
  for (int i = 0; i < 6; ++i) g.transport->answers.push_back(FakeTransport::reply(500, "boom"));
  auto e = g.client->get("/y");
  REQUIRE_FALSE(e.has_value());
  CHECK(g.transport->requests.size() == 5);
  CHECK(e.error().message == "the server answered 500 Internal Server Error to GET /y: boom (after 5 attempts)");
}

TEST_CASE("writes are repeated only when the server did not act on them") {
  Harness h;
  h.transport->answers = {FakeTransport::reply(429, "{}"), FakeTransport::failure(TransportFailure::kConnect, "refused"),
                          FakeTransport::reply(500, "oops")};
  auto r = h.client->patch("/p", Json::object(), kMergePatch);
  REQUIRE_FALSE(r.has_value());
  CHECK(h.transport->requests.size() == 3);
  Harness reset;
  reset.transport->answers = {FakeTransport::failure(TransportFailure::kReset, "Connection reset by peer")};
  auto e = reset.client->put("/p", Json::object());
  REQUIRE_FALSE(e.has_value());
  CHECK(reset.transport->requests.size() == 1);
  CHECK(e.error().message == "PUT https://api.test:6443/p?fieldManager=sidecarctl: the connection broke: Connection reset by peer");
}

TEST_CASE("a 5xx with Retry-After is repeated for writes too: the server says it did not act") {
  Harness h;
  h.transport->answers = {FakeTransport::reply(503, "{}", {{"Retry-After", "1"}}),
                          FakeTransport::reply(500, "{}", {{"Retry-After", "2"}}),
                          FakeTransport::reply(200, R"({"patched":true})")};
  auto r = h.client->patch("/p", Json::object(), kMergePatch);
  REQUIRE(r.has_value());
  CHECK(h.transport->requests.size() == 3);
  CHECK(h.sleeps == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(1000),
                                                           std::chrono::milliseconds(2000)});
  CHECK_FALSE(h.client->last_answer_lost());

  Harness lost;
  lost.transport->answers = {FakeTransport::reply(503, "{}", {{"Retry-After", "soon"}})};
  REQUIRE_FALSE(lost.client->patch("/p", Json::object(), kMergePatch).has_value());
  CHECK(lost.transport->requests.size() == 1);
  CHECK(lost.client->last_answer_lost());
  Harness reset;
  reset.transport->answers = {FakeTransport::failure(TransportFailure::kReset, "Connection reset by peer")};
  REQUIRE_FALSE(reset.client->patch("/p", Json::object(), kMergePatch).has_value());
  CHECK(reset.client->last_answer_lost());
  Harness refused;
  for (int i = 0; i < 5; ++i) refused.transport->answers.push_back(FakeTransport::failure(TransportFailure::kConnect, "refused"));
  REQUIRE_FALSE(refused.client->patch("/p", Json::object(), kMergePatch).has_value());
  CHECK_FALSE(refused.client->last_answer_lost());
}

TEST_CASE("retries are bounded: 5 attempts, each wait (backoff or Retry-After) at most 8 s") {
  Harness h;
  for (int i = 0; i < 6; ++i) {
    h.transport->answers.push_back(FakeTransport::reply(429, "{}", {{"Retry-After", "3600"}}));
  }
  REQUIRE_FALSE(h.client->patch("/p", Json::object(), kMergePatch).has_value());
  CHECK(h.transport->requests.size() == 5);
  CHECK(h.sleeps == std::vector<std::chrono::milliseconds>(4, std::chrono::milliseconds(8000)));
  Harness g;
  for (int i = 0; i < 6; ++i) g.transport->answers.push_back(FakeTransport::reply(503, "{}"));
  REQUIRE_FALSE(g.client->get("/x").has_value());
  using ms = std::chrono::milliseconds;
  CHECK(g.sleeps == std::vector<ms>{ms(250), ms(500), ms(1000), ms(2000)});
}

TEST_CASE("timeouts and TLS failures are reported, not retried") {
  RestConfig config;
  config.context_name = "dev";
  config.origin = "/k";
  config.timeout = std::chrono::milliseconds(2000);
  Harness h(config);
  h.transport->answers = {FakeTransport::failure(TransportFailure::kTimeout, "Operation timed out")};
  auto r = h.client->get("/slow");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message == "GET https://api.test:6443/slow: no answer within 2000 ms (Operation timed out; raise "
                             "--kubeclient-timeout)");
  Harness t(config);
  t.transport->answers = {FakeTransport::failure(TransportFailure::kTls, "unable to get local issuer certificate")};
  auto e = t.client->get("/x");
  REQUIRE_FALSE(e.has_value());
  CHECK(t.transport->requests.size() == 1);
  CHECK(e.error().message.find("TLS connection to https://api.test:6443 failed: unable to get local issuer "
                               "certificate") == 0);
}

TEST_CASE("exec credentials are cached until they expire and refreshed after a 401") {
  RestConfig config;
  config.user_name = "u";
  config.origin = "/k";
  ExecConfig exec;
  exec.api_version = "client.authentication.k8s.io/v1";
  exec.command = "/bin/true";
  exec.interactive_mode = "Never";
  config.exec = exec;
  int runs = 0;
  auto clock = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  ApiClientOptions options;
  options.now = [&clock] { return clock; };
  options.exec.runner = [&runs](const ProcessSpec& spec) -> Result<ProcessResult> {
    ++runs;
    bool has_info = false;
    for (const auto& e : spec.envp) has_info = has_info || e.rfind("KUBERNETES_EXEC_INFO={", 0) == 0;
    CHECK(has_info);
    ProcessResult r;
    r.out = R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t)" +
            std::to_string(runs) + R"(","expirationTimestamp":")" + (runs == 1 ? "2027" : "2030") +
            R"(-01-15T08:00:00Z"}})";
    return r;
  };
  Harness h(config, options);
  for (int i = 0; i < 3; ++i) h.transport->answers.push_back(FakeTransport::reply(200, "{}"));
  h.transport->answers.push_back(FakeTransport::reply(401, R"({"kind":"Status","message":"Unauthorized"})"));
  h.transport->answers.push_back(FakeTransport::reply(200, "{}"));
  REQUIRE(h.client->get("/a").has_value());
  REQUIRE(h.client->get("/a").has_value());
  CHECK(runs == 1);
  clock += std::chrono::hours(24 * 365 * 4);  // past the expiry
  REQUIRE(h.client->get("/a").has_value());
  CHECK(runs == 2);
  REQUIRE(h.client->get("/a").has_value());  // 401, plugin runs again, request repeated
  CHECK(runs == 3);
  CHECK(header(h.transport->requests.at(0), "Authorization") == "Bearer t1");
  CHECK(header(h.transport->requests.at(2), "Authorization") == "Bearer t2");
  CHECK(header(h.transport->requests.at(4), "Authorization") == "Bearer t3");
}

}  // namespace
}  // namespace sidecarctl::kube
