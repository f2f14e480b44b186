#include "kube/label_selector.h"

#include <doctest/doctest.h>

namespace sidecarctl::kube {
namespace {

bool match(const char* selector_json, const LabelMap& labels) {
  auto r = selector_matches(Json::parse(selector_json), labels);
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  return *r;
}

std::string parse_error(const char* selector_json) {
  auto r = LabelSelector::parse(Json::parse(selector_json));
  REQUIRE_FALSE(r.has_value());
  return r.error().message;
}

TEST_CASE("an empty selector matches everything, a null one nothing") {
  CHECK(match("{}", {}));
  CHECK(match("{}", {{"app", "web"}}));
  CHECK(match(R"({"matchLabels": {}, "matchExpressions": []})", {{"app", "web"}}));
  CHECK(match(R"({"matchLabels": null, "matchExpressions": null})", {}));
  CHECK_FALSE(match("null", {}));
  CHECK_FALSE(match("null", {{"app", "web"}}));
  CHECK(LabelSelector::parse(Json()).value().matches_nothing());
}

TEST_CASE("matchLabels needs every pair") {
  const char* s = R"({"matchLabels": {"app": "web", "tier": "front"}})";
  CHECK(match(s, {{"app", "web"}, {"tier", "front"}, {"x", "y"}}));
  CHECK_FALSE(match(s, {{"app", "web"}}));
  CHECK_FALSE(match(s, {{"app", "web"}, {"tier", "back"}}));
  CHECK(match(R"({"matchLabels": {"empty": ""}})", {{"empty", ""}}));
  CHECK_FALSE(match(R"({"matchLabels": {"empty": ""}})", {}));
}

TEST_CASE("In, NotIn, Exists, DoesNotExist") {
  const char* in =
      R"({"matchExpressions": [{"key": "istio-injection", "operator": "In", "values": ["enabled"]}]})";
  CHECK(match(in, {{"istio-injection", "enabled"}}));
  CHECK_FALSE(match(in, {{"istio-injection", "disabled"}}));
  CHECK_FALSE(match(in, {}));

  const char* not_in =
      R"({"matchExpressions": [{"key": "sidecar.istio.io/inject", "operator": "NotIn", "values": ["false"]}]})";
  CHECK(match(not_in, {}));  // a missing key is not among the values
  CHECK(match(not_in, {{"sidecar.istio.io/inject", "true"}}));
  CHECK_FALSE(match(not_in, {{"sidecar.istio.io/inject", "false"}}));

  const char* exists = R"({"matchExpressions": [{"key": "istio.io/rev", "operator": "Exists"}]})";
  CHECK(match(exists, {{"istio.io/rev", ""}}));
  CHECK_FALSE(match(exists, {{"istio-injection", "enabled"}}));

  const char* absent =
      R"({"matchExpressions": [{"key": "istio.io/rev", "operator": "DoesNotExist", "values": []}]})";
  CHECK(match(absent, {}));
  CHECK_FALSE(match(absent, {{"istio.io/rev", "canary"}}));
}

TEST_CASE("matchLabels and matchExpressions together must all hold") {
  const char* s = R"({"matchLabels": {"app": "web"},
                      "matchExpressions": [{"key": "istio.io/rev", "operator": "In", "values": ["canary", "default"]},
                                           {"key": "istio-injection", "operator": "DoesNotExist"}]})";
  CHECK(match(s, {{"app", "web"}, {"istio.io/rev", "default"}}));
  CHECK_FALSE(match(s, {{"app", "web"}, {"istio.io/rev", "default"}, {"istio-injection", "enabled"}}));
  CHECK_FALSE(match(s, {{"istio.io/rev", "canary"}}));
}

TEST_CASE("invalid selectors are errors, with apimachinery's wording where it has one") {
  CHECK(parse_error(R"({"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["x"]}]})") ==
        "matchExpressions[0]: \"Equals\" is not a valid label selector operator");
  CHECK(parse_error(R"({"matchExpressions": [{"key": "a", "operator": "In"}]})") ==
        "matchExpressions[0]: for 'in', 'notin' operators, values set can't be empty");
  CHECK(parse_error(R"({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})") ==
        "matchExpressions[0]: values set must be empty for exists and does not exist");
  CHECK(parse_error(R"({"matchExpressions": [{"operator": "Exists"}]})") ==
        "matchExpressions[0]: key must be a string");
  CHECK(parse_error(R"({"matchExpressions": [{"key": "-bad", "operator": "Exists"}]})") ==
        "matchExpressions[0]: invalid label key \"-bad\"");
  CHECK(parse_error(R"({"matchLabels": {"a": 1}})") == "matchLabels: invalid label value 1 for \"a\"");
  CHECK(parse_error(R"({"matchLabels": []})") == "matchLabels must be a map of strings");
  CHECK(parse_error(R"({"matchExpressions": {}})") == "matchExpressions must be a list");
  CHECK(parse_error("[]") == "a label selector must be an object");
}

TEST_CASE("label keys and values") {
  CHECK(valid_label_key("app"));
  CHECK(valid_label_key("sidecar.istio.io/inject"));
  CHECK(valid_label_key("kubernetes.io/metadata.name"));
  CHECK_FALSE(valid_label_key(""));
  CHECK_FALSE(valid_label_key("Upper.Case/name"));
  CHECK_FALSE(valid_label_key("a/"));
  CHECK_FALSE(valid_label_key(std::string(64, 'a')));
  CHECK(valid_label_value(""));
  CHECK(valid_label_value("1-27"));
  CHECK_FALSE(valid_label_value("a b"));
}

TEST_CASE("label pairs") {
  auto labels = parse_label_pairs("app=web, version==v1,empty=");
  REQUIRE(labels.has_value());
  CHECK(*labels == LabelMap{{"app", "web"}, {"version", "v1"}, {"empty", ""}});
  CHECK(parse_label_pairs("").value().empty());
  CHECK(parse_label_pairs("app!=web").error().message ==
        "labels \"app!=web\": \"app!=web\" is not a key=value pair");
  CHECK(parse_label_pairs("app").error().message == "labels \"app\": \"app\" is not a key=value pair");
  CHECK(parse_label_pairs("a=b c").error().message == "labels \"a=b c\": invalid label value \"b c\"");
  CHECK(parse_label_pairs("app").error().kind == ErrorKind::kUsage);
}

TEST_CASE("label_map keeps string values") {
  CHECK(label_map(Json::parse(R"({"a": "1", "b": 2, "c": null})")) == LabelMap{{"a", "1"}});
  CHECK(label_map(Json()).empty());
}

}  // namespace
}  // namespace sidecarctl::kube
