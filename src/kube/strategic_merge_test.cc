#include "kube/strategic_merge.h"

#include <doctest/doctest.h>

#include <string>

namespace sidecarctl::kube {
namespace {

Json merge_pod(const char* original, const char* patch) {
  auto r = strategic_merge_patch(Json::parse(original), Json::parse(patch), pod_schema());
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  return r.value();
}

std::string merge_error_of(const char* original, const char* patch) {
  auto r = strategic_merge_patch(Json::parse(original), Json::parse(patch), pod_schema());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::kInvalidInput);
  return r.error().message;
}

TEST_CASE("strategic merge: maps merge recursively, null deletes, scalars are replaced") {
  const Json out = merge_pod(R"({"metadata":{"name":"a","labels":{"x":"1","y":"2"}}})",
                             R"({"metadata":{"labels":{"y":null,"z":"3"},"namespace":"ns"}})");
  CHECK(out == Json::parse(R"({"metadata":{"name":"a","namespace":"ns","labels":{"x":"1","z":"3"}}})"));
  // A null for a key the original lacks is dropped, also inside added values.
  CHECK(merge_pod(R"({})", R"({"metadata":{"labels":{"a":null,"b":"x"}},"spec":null})") ==
        Json::parse(R"({"metadata":{"labels":{"b":"x"}}})"));
  // Different types: the patch value wins.
  CHECK(merge_pod(R"({"spec":{"hostname":{"a":1}}})", R"({"spec":{"hostname":"h"}})") ==
        Json::parse(R"({"spec":{"hostname":"h"}})"));
}

TEST_CASE("strategic merge: containers merge by name, new ones go before the remaining originals") {
  const Json out = merge_pod(
      R"({"spec":{"containers":[{"name":"app","image":"app:1","env":[{"name":"A","value":"1"}]},{"name":"side","image":"s"}]}})",
      R"({"spec":{"containers":[{"name":"proxy","image":"p"},{"name":"app","env":[{"name":"B","value":"2"}]}]}})");
  CHECK(out == Json::parse(R"({"spec":{"containers":[
      {"name":"proxy","image":"p"},
      {"name":"app","image":"app:1","env":[{"name":"B","value":"2"},{"name":"A","value":"1"}]},
      {"name":"side","image":"s"}]}})"));
  // Patch elements that exist keep the original relative order of server-only ones around them.
  const Json out2 = merge_pod(R"({"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}})",
                              R"({"spec":{"containers":[{"name":"c","image":"x"},{"name":"a","image":"y"}]}})");
  CHECK(out2 == Json::parse(R"({"spec":{"containers":[{"name":"b"},{"name":"c","image":"x"},{"name":"a","image":"y"}]}})"));
  // A new element when the original has a later one: the new element comes first.
  const Json out3 = merge_pod(R"({"spec":{"volumes":[{"name":"data","emptyDir":{}}]}})",
                              R"({"spec":{"volumes":[{"name":"istio-envoy","emptyDir":{"medium":"Memory"}}]}})");
  CHECK(out3["spec"]["volumes"][0]["name"] == "istio-envoy");
  CHECK(out3["spec"]["volumes"][1]["name"] == "data");
}

TEST_CASE("strategic merge: ports by containerPort, volumeMounts by mountPath, other lists replaced") {
  const Json out = merge_pod(
      R"({"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"}],
          "volumeMounts":[{"mountPath":"/data","name":"d"}],"args":["a","b"]}]}})",
      R"({"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":15090}],
          "volumeMounts":[{"mountPath":"/data","readOnly":true},{"mountPath":"/etc/istio","name":"i"}],"args":["c"]}]}})");
  const Json& c = out["spec"]["containers"][0];
  CHECK(c["ports"] == Json::parse(R"([{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":15090}])"));
  CHECK(c["volumeMounts"] ==
        Json::parse(R"([{"mountPath":"/data","name":"d","readOnly":true},{"mountPath":"/etc/istio","name":"i"}])"));
  CHECK(c["args"] == Json::parse(R"(["c"])"));
  // Tolerations have no merge strategy: replaced.
  CHECK(merge_pod(R"({"spec":{"tolerations":[{"key":"a"}]}})", R"({"spec":{"tolerations":[{"key":"b"}]}})") ==
        Json::parse(R"({"spec":{"tolerations":[{"key":"b"}]}})"));
  // Merging keys compare numbers by value (80 and 80.0 are the same port).
  const Json out2 = merge_pod(R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80}]}]}})",
                              R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80.0,"name":"p"}]}]}})");
  CHECK(out2["spec"]["containers"][0]["ports"].size() == 1);
}

TEST_CASE("strategic merge: $patch directives") {
  // replace on a map
  CHECK(merge_pod(R"({"spec":{"securityContext":{"runAsUser":1,"fsGroup":2}}})",
                  R"({"spec":{"securityContext":{"$patch":"replace","runAsGroup":3}}})") ==
        Json::parse(R"({"spec":{"securityContext":{"runAsGroup":3}}})"));
  // delete on a map empties it
  CHECK(merge_pod(R"({"spec":{"securityContext":{"runAsUser":1}}})", R"({"spec":{"securityContext":{"$patch":"delete"}}})") ==
        Json::parse(R"({"spec":{"securityContext":{}}})"));
  // delete of a list element by key
  CHECK(merge_pod(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
                  R"({"spec":{"containers":[{"name":"a","$patch":"delete"}]}})") ==
        Json::parse(R"({"spec":{"containers":[{"name":"b"}]}})"));
  // replace of a whole list
  CHECK(merge_pod(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
                  R"({"spec":{"containers":[{"$patch":"replace"},{"name":"c"}]}})") ==
        Json::parse(R"({"spec":{"containers":[{"name":"c"}]}})"));
  // a directive on a value the original lacks: the value is dropped
  CHECK(merge_pod(R"({"spec":{}})", R"({"spec":{"securityContext":{"$patch":"replace","runAsUser":1}}})") ==
        Json::parse(R"({"spec":{}})"));
  CHECK(merge_error_of(R"({"spec":{"containers":[{"name":"a"}]}})", R"({"spec":{"containers":[{"$patch":"merge"}]}})") ==
        "merging lists cannot yet be specified in the patch");
  CHECK(merge_error_of(R"({"spec":{}})", R"({"spec":{"$patch":"bogus","a":1}})") ==
        "unknown patch type: bogus in map: map[$patch:bogus a:1]");
}

TEST_CASE("strategic merge: $retainKeys, $deleteFromPrimitiveList, $setElementOrder") {
  CHECK(merge_pod(R"({"metadata":{"finalizers":["a","b","c"]}})",
                  R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}})") ==
        Json::parse(R"({"metadata":{"finalizers":["a","c"]}})"));
  // finalizers are a merged set of primitives; patch items in patch order, new ones first
  CHECK(merge_pod(R"({"metadata":{"finalizers":["a","b","a"]}})", R"({"metadata":{"finalizers":["c","a"]}})") ==
        Json::parse(R"({"metadata":{"finalizers":["c","a","b"]}})"));
  CHECK(merge_pod(R"({"spec":{"volumes":[{"name":"v","hostPath":{"path":"/x"}}]}})",
                  R"({"spec":{"volumes":[{"name":"v","$retainKeys":["name","emptyDir"],"emptyDir":{}}]}})") ==
        Json::parse(R"({"spec":{"volumes":[{"name":"v","emptyDir":{}}]}})"));
  CHECK(merge_pod(R"({"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}})",
                  R"({"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}]}})") ==
        Json::parse(R"({"spec":{"containers":[{"name":"c"},{"name":"a"},{"name":"b"}]}})"));
  CHECK(merge_error_of(R"({"spec":{"volumes":[{"name":"v"}]}})",
                       R"({"spec":{"volumes":[{"name":"v","$retainKeys":["name"],"emptyDir":{}}]}})") ==
        "invalid patch format of retainKeys");
}

TEST_CASE("strategic merge: errors with apimachinery's wording") {
  CHECK(merge_error_of(R"({"spec":{"containers":[{"name":"a"}]}})", R"({"spec":{"containers":[{"image":"x"}]}})") ==
        "map: map[image:x] does not contain declared merge key: name");
  CHECK(merge_error_of(R"({"spec":{"bogus":{"a":1}}})", R"({"spec":{"bogus":{"b":2}}})") ==
        "unable to find api field in struct PodSpec for the json field \"bogus\"");
  CHECK(merge_error_of(R"({"spec":{"containers":[{"name":"a"}]}})", R"({"spec":{"containers":["x"]}})") ==
        "list element types are not identical: [[map[name:a]] [x]]");
  CHECK_FALSE(strategic_merge_patch(Json::object(), Json::array(), pod_schema()).has_value());
}

TEST_CASE("strategic merge without a schema: maps merge, lists are replaced") {
  auto r = strategic_merge_patch(Json::parse(R"({"a":{"b":1,"l":[1,2]}})"), Json::parse(R"({"a":{"c":2,"l":[3]}})"),
                                 MergeSchema());
  REQUIRE(r.has_value());
  CHECK(r.value() == Json::parse(R"({"a":{"b":1,"c":2,"l":[3]}})"));
  CHECK(schema_for("Container").root() != nullptr);
  CHECK(schema_for("NoSuchType").root() == nullptr);
  CHECK(pod_spec_schema().root()->name == std::string_view("PodSpec"));
}

}  // namespace
}  // namespace sidecarctl::kube
