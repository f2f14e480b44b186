// Tests for AdmissionReview decoding and encoding: every malformed review is a clear error.
#include "webhook/admission_review.h"

#include <doctest/doctest.h>

#include "kube/base64.h"

namespace sidecarctl::webhook {
namespace {

std::string error_of(std::string_view body) {
  DecodedReview r = decode_review(body);
  REQUIRE_FALSE(r.request.has_value());
  return r.request.error().message;
}

TEST_CASE("a v1 review is decoded") {
  DecodedReview r = decode_review(
      R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u1","namespace":"shop",
          "operation":"CREATE","object":{"metadata":{"generateName":"web-"}}}})");
  REQUIRE(r.request.has_value());
  CHECK(r.api_version == "admission.k8s.io/v1");
  CHECK(r.request->uid == "u1");
  CHECK(r.request->namespace_ == "shop");
  CHECK(r.request->operation == "CREATE");
  CHECK(r.request->object["metadata"]["generateName"] == "web-");
}

TEST_CASE("v1beta1 is accepted too") {
  DecodedReview r = decode_review(
      R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1beta1","request":{"uid":"u","object":{}}})");
  REQUIRE(r.request.has_value());
  CHECK(r.api_version == "admission.k8s.io/v1beta1");
}

TEST_CASE("malformed reviews") {
  CHECK(error_of("{") == "cannot decode AdmissionReview: the body is not valid JSON");
  CHECK(error_of("\"x\"") == "cannot decode AdmissionReview: expected a JSON object, got string");
  CHECK(error_of("{}") == "cannot decode AdmissionReview: Object 'Kind' is missing");
  CHECK(error_of(R"({"kind":7})") == "cannot decode AdmissionReview: AdmissionReview.kind: expected a string, got number");
  CHECK(error_of(R"({"kind":"Pod","apiVersion":"v1"})") ==
        "cannot decode AdmissionReview: unsupported kind \"Pod\" of apiVersion \"v1\" (want AdmissionReview of "
        "admission.k8s.io/v1 or admission.k8s.io/v1beta1)");
  const std::string head = R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1")";
  CHECK(error_of(head + "}") == "AdmissionReview has no request");
  CHECK(error_of(head + R"(,"request":[]})") == "cannot decode AdmissionReview: request: expected an object, got array");
  CHECK(error_of(head + R"(,"request":{"uid":1}})") ==
        "cannot decode AdmissionReview: request.uid: expected a string, got number");
  CHECK(error_of(head + R"(,"request":{"uid":"u"}})") == "cannot decode the pod: request.object is missing");
  CHECK(error_of(head + R"(,"request":{"object":"pod"}})") ==
        "cannot decode the pod: request.object: expected an object, got string");
  CHECK(error_of(head + ",\"request\":{\"uid\":\"\xff\"}}") == "cannot decode AdmissionReview: the body is not valid JSON");
}

TEST_CASE("a known version survives a bad request, for the answer") {
  DecodedReview r = decode_review(R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":5})");
  CHECK(r.api_version == "admission.k8s.io/v1");
}

TEST_CASE("deep nesting is refused before parsing") {
  std::string deep(100000, '[');
  CHECK(error_of(deep) == "cannot decode AdmissionReview: nesting deeper than 200");
  std::string quoted = "{\"kind\":\"" + std::string(1000, '[') + "\"}";  // inside a string it does not count
  CHECK(error_of(quoted).find("nesting") == std::string::npos);
}

TEST_CASE("answers") {
  CHECK(encode_review("admission.k8s.io/v1", "u1", {true, "", std::string("[]")}) ==
        R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","response":{"uid":"u1","allowed":true,)"
        R"("patch":"W10=","patchType":"JSONPatch"}})");
  CHECK(encode_review("admission.k8s.io/v1", "u2", {true, "", {}}) ==
        R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","response":{"uid":"u2","allowed":true}})");
  CHECK(encode_review("", "", {false, "bad", {}}) ==
        R"({"response":{"uid":"","allowed":false,"status":{"metadata":{},"message":"bad"}}})");
  // uid and message are escaped as JSON; bytes that are not UTF-8 become U+FFFD.
  std::string answer = encode_review("v1", "a\"b", {false, "line\n\"x\"\\ \xff", {}});
  CHECK(answer == "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"v1\",\"response\":{\"uid\":\"a\\\"b\","
                  "\"allowed\":false,\"status\":{\"metadata\":{},\"message\":\"line\\n\\\"x\\\"\\\\ \xef\xbf\xbd\"}}}");
  CHECK(nlohmann::json::parse(answer)["response"]["status"]["message"] == "line\n\"x\"\\ \xef\xbf\xbd");
}

}  // namespace
}  // namespace sidecarctl::webhook
