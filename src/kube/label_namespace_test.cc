#include "kube/label_namespace.h"

#include <doctest/doctest.h>

#include "kube/test_transport.h"

namespace sidecarctl::kube {
namespace {

constexpr const char* kLost =
    "namespace \"shop\": the server's answer to the change was lost; reading the namespace again showed the "
    "change applied";

HttpResponse namespace_answer(const std::string& resource_version, const Json& labels) {
  Json ns = {{"apiVersion", "v1"},
             {"kind", "Namespace"},
             {"metadata", {{"name", "shop"}, {"resourceVersion", resource_version}, {"labels", labels}}}};
  return FakeTransport::reply(200, ns.dump());
}

HttpResponse conflict() {
  return FakeTransport::reply(409, R"({"kind":"Status","apiVersion":"v1","status":"Failure",
      "reason":"Conflict","code":409,
      "message":"Operation cannot be fulfilled on namespaces \"shop\": the object has been modified"})");
}

// label-namespace shop over scripted answers: the webhook LIST and the namespace GET come first, then
// `answers`; the pods' LIST finds none.
struct Labeling {
  FakeTransport* transport = nullptr;
  std::unique_ptr<ApiClient> client;

  explicit Labeling(std::vector<HttpResponse> answers) {
    auto t = std::make_unique<FakeTransport>();
    transport = t.get();
    t->answers.push_back(FakeTransport::reply(200, R"({"kind":"MutatingWebhookConfigurationList","items":[
        {"metadata":{"name":"istio-sidecar-injector","labels":{"istio.io/rev":"default"}}}]})"));
    for (auto& a : answers) t->answers.push_back(std::move(a));
    t->answers.push_back(FakeTransport::reply(200, R"({"kind":"PodList","apiVersion":"v1","items":[]})"));
    RestConfig config;
    config.server = "https://api.test";
    ApiClientOptions options;
    options.sleep = [](std::chrono::milliseconds) {};
    client = std::make_unique<ApiClient>(config, std::move(t), std::move(options));
  }

  NamespaceOutcome run(bool overwrite = false) {
    LabelNamespaceOptions options;
    options.namespaces = {"shop"};
    options.request = {LabelAction::kEnable, "", overwrite};
    auto report = label_namespaces(*client, options);
    REQUIRE(report.has_value());
    REQUIRE(report->namespaces.size() == 1);
    return report->namespaces[0];
  }

  std::vector<Json> patches() const {
    std::vector<Json> out;
    for (const auto& r : transport->requests)
      if (r.method == "PATCH") out.push_back(Json::parse(r.body));
    return out;
  }
};

Json patch_body(const std::string& resource_version) {
  Json labels = {{"istio-injection", "enabled"}};
  return {{"metadata", {{"labels", labels}, {"resourceVersion", resource_version}}}};
}

TEST_CASE("an answer lost after the server acted: the same PATCH again; 409, labels in place: success") {
  Labeling l({namespace_answer("10", Json::object()),
              FakeTransport::reply(500, "etcdserver: request timed out"), conflict(),
              namespace_answer("11", {{"istio-injection", "enabled"}})});
  NamespaceOutcome out = l.run();
  CHECK_FALSE(out.error.has_value());
  CHECK(out.summary == "namespace/shop labeled: istio-injection=enabled");
  CHECK(out.warnings == std::vector<std::string>{kLost});
  CHECK(l.patches() == std::vector<Json>{patch_body("10"), patch_body("10")});
  CHECK(out.object["metadata"]["resourceVersion"] == "11");

  // A broken connection after sending is as ambiguous as a 500 without Retry-After.
  Labeling reset({namespace_answer("10", Json::object()),
                  FakeTransport::failure(TransportFailure::kReset, "Connection reset by peer"), conflict(),
                  namespace_answer("11", {{"istio-injection", "enabled"}})});
  out = reset.run();
  CHECK_FALSE(out.error.has_value());
  CHECK(out.warnings == std::vector<std::string>{kLost});
}

TEST_CASE("another writer between our read and our PATCH: read again, patched on the new resourceVersion") {
  Labeling l({namespace_answer("10", {{"team", "a"}}), conflict(), namespace_answer("11", {{"team", "b"}}),
              namespace_answer("12", {{"team", "b"}, {"istio-injection", "enabled"}})});
  NamespaceOutcome out = l.run();
  CHECK_FALSE(out.error.has_value());
  CHECK(out.warnings.empty());
  CHECK(l.patches() == std::vector<Json>{patch_body("10"), patch_body("11")});
  CHECK(out.object["metadata"]["labels"] == Json{{"team", "b"}, {"istio-injection", "enabled"}});

  // ... who set our labels himself: nothing left to do, and no answer of ours was lost.
  Labeling same({namespace_answer("10", Json::object()), conflict(),
                 namespace_answer("11", {{"istio-injection", "enabled"}})});
  out = same.run();
  CHECK_FALSE(out.error.has_value());
  CHECK(out.warnings.empty());
  CHECK(same.patches().size() == 1);
}

TEST_CASE("a label another writer set that we may not replace is refused after a re-read, saying so") {
  std::vector<HttpResponse> answers = {
      namespace_answer("10", Json::object()),
      FakeTransport::failure(TransportFailure::kReset, "Connection reset by peer"), conflict(),
      namespace_answer("11", {{"istio.io/rev", "1-21"}})};
  Labeling l(answers);
  NamespaceOutcome out = l.run();
  REQUIRE(out.error.has_value());
  CHECK(out.error->kind == ErrorKind::kUsage);
  CHECK(out.error->message ==
        "namespace \"shop\" already has istio.io/rev=1-21; use --overwrite to change it "
        "(istio-injection=enabled, istio.io/rev removed (was 1-21)); another writer changed the namespace "
        "after sidecarctl read it");
  CHECK(l.patches().size() == 2);

  // With --overwrite the new plan goes out against the new resourceVersion.
  answers.push_back(namespace_answer("12", {{"istio-injection", "enabled"}}));
  Labeling o(answers);
  out = o.run(true);
  CHECK_FALSE(out.error.has_value());
  REQUIRE(o.patches().size() == 3);
  Json replace = {{"istio-injection", "enabled"}, {"istio.io/rev", nullptr}};
  CHECK(o.patches()[2] == Json{{"metadata", {{"labels", replace}, {"resourceVersion", "11"}}}});
}

TEST_CASE("write rounds are bounded: every answer lost is an error saying the change may have been applied") {
  std::vector<HttpResponse> answers = {namespace_answer("10", Json::object())};
  for (int i = 0; i < 6; ++i) answers.push_back(FakeTransport::reply(500, "boom"));
  Labeling l(answers);
  NamespaceOutcome out = l.run();
  REQUIRE(out.error.has_value());
  CHECK(out.error->message ==
        "namespace \"shop\": change not confirmed (the server may have applied it): the server answered 500 "
        "Internal Server Error to PATCH /api/v1/namespaces/shop: boom");
  CHECK(l.patches().size() == 5);
}

TEST_CASE("a 503 with Retry-After on the PATCH is repeated by the client: the server said it did not act") {
  Labeling l({namespace_answer("10", Json::object()), FakeTransport::reply(503, "{}", {{"Retry-After", "1"}}),
              namespace_answer("11", {{"istio-injection", "enabled"}})});
  NamespaceOutcome out = l.run();
  CHECK_FALSE(out.error.has_value());
  CHECK(out.warnings.empty());
  CHECK(l.patches() == std::vector<Json>{patch_body("10"), patch_body("10")});
}

}  // namespace
}  // namespace sidecarctl::kube
