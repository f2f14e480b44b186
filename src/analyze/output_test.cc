// Unit tests of the CI renderings: SARIF's file URIs, fingerprints, help and invocation, and the
// catalogue's help coverage; write_rendered against the renderings it writes in pieces.
#include "analyze/output.h"

#include <doctest/doctest.h>

#include <sstream>

#include "analyze/message_help.h"
#include "yaml/emit.h"

namespace sidecarctl::analyze {
namespace {

TEST_CASE("file_uri percent-encodes what a URI path may not hold and makes absolute paths file:// URIs") {
  CHECK(file_uri("shop.yaml") == "shop.yaml");
  CHECK(file_uri("./team apps/caf\xc3\xa9.yaml") == "team%20apps/caf%C3%A9.yaml");
  CHECK(file_uri("a,b:c%d/x#y?.yaml") == "a%2Cb%3Ac%25d/x%23y%3F.yaml");
  CHECK(file_uri("/srv/repo/shop.yaml") == "file:///srv/repo/shop.yaml");
  CHECK(file_uri("../up.yaml") == "../up.yaml");
}

Message message(const char* code, std::string reference, std::string text) {
  Message m;
  m.type = find_message_type(code);
  m.reference = std::move(reference);
  m.origin = "VirtualService shop/cart";
  m.text = std::move(text);
  return m;
}

TEST_CASE("SARIF results carry a fingerprint that ignores the line, and the invocation its exit code") {
  RenderOptions options;
  options.tool_version = "1.2.3";
  options.exit_code = 65;
  options.input_errors = {"bad.yaml:3:1: not YAML"};
  options.working_directory = "/work/my repo";
  Json at_12 = Json::parse(render_sarif({message("IST0101", "routes.yaml:12", "gone")}, options));
  Json at_40 = Json::parse(render_sarif({message("IST0101", "routes.yaml:40", "gone")}, options));
  const Json& run = at_12["runs"][0];
  CHECK(run["results"][0]["partialFingerprints"] == at_40["runs"][0]["results"][0]["partialFingerprints"]);
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/my%20repo/");
  CHECK(run["invocations"][0]["exitCode"] == 65);
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == "bad.yaml:3:1: not YAML");
  const Json& rule = run["tool"]["driver"]["rules"][0];
  CHECK(rule["help"]["text"].get<std::string>().find("Create the referenced resource") != std::string::npos);
  CHECK(rule["help"]["markdown"].get<std::string>().find("](https://istio.io/") != std::string::npos);

  // The same finding twice gets two fingerprints; another message text another one.
  Json twice = Json::parse(render_sarif({message("IST0101", "a.yaml:1", "gone"), message("IST0101", "a.yaml:9", "gone"),
                                         message("IST0101", "a.yaml:9", "other")},
                                        options));
  const Json& r = twice["runs"][0]["results"];
  std::string first = r[0]["partialFingerprints"]["sidecarctlFinding/v1"];
  std::string second = r[1]["partialFingerprints"]["sidecarctlFinding/v1"];
  std::string third = r[2]["partialFingerprints"]["sidecarctlFinding/v1"];
  CHECK(first.substr(0, 16) == second.substr(0, 16));
  CHECK(first.ends_with(":1"));
  CHECK(second.ends_with(":2"));
  CHECK(third.substr(0, 16) != first.substr(0, 16));

  // Findings (exit 79) are a successful run; absolute files need no base.
  options.exit_code = 79;
  options.input_errors.clear();
  Json absolute = Json::parse(render_sarif({message("IST0101", "/abs/a.yaml:1", "gone")}, options));
  CHECK(absolute["runs"][0]["invocations"][0]["executionSuccessful"] == true);
  CHECK_FALSE(absolute["runs"][0].contains("originalUriBaseIds"));
  CHECK(absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "file:///abs/a.yaml");
}

TEST_CASE("-o json is what Go's MarshalIndent prints of the messages' objects, escapes included") {
  std::vector<Message> messages = {
      message("IST0101", "routes.yaml:12", "gone \"quoted\" <a&b> \t\x01 caf\xc3\xa9 \xe2\x80\xa8"),
      message("IST0102", "", "no reference"), message("IST0106", "x.yaml:1", "")};
  messages[1].origin.clear();
  Json objects = Json::array();
  for (const Message& m : messages) objects.push_back(message_json(m));
  CHECK(render_json(messages) == yaml::to_json(objects, 0) + "\n");
  CHECK(render_json({}) == "[]\n");
}

TEST_CASE("write_rendered writes what the renderings return, large outputs in pieces") {
  std::vector<Message> many;
  for (int i = 0; i < 3000; ++i) many.push_back(message("IST0101", "r.yaml:" + std::to_string(i), "gone"));
  RenderOptions options;
  options.color = true;
  for (const std::vector<Message>& messages : {std::vector<Message>{}, many}) {
    std::ostringstream log, json, github;
    write_rendered(Format::kLog, messages, options, log);
    write_rendered(Format::kJson, messages, options, json);
    write_rendered(Format::kGithub, messages, options, github);
    CHECK(log.str() == render_log(messages, true));
    CHECK(github.str() == render_github(messages));
    // Against Go's MarshalIndent form, not the same writer: the pieces join without a seam.
    Json objects = Json::array();
    for (const Message& m : messages) objects.push_back(message_json(m));
    CHECK(json.str() == (messages.empty() ? std::string("[]") : yaml::to_json(objects, 0)) + "\n");
  }
  CHECK(render_json(many).size() > (std::size_t{256} << 10));  // several pieces
}

TEST_CASE("every code of the catalogue has help") {
  for (const MessageType& type : message_catalogue()) {
    const MessageHelp* help = find_message_help(type.code);
    REQUIRE_MESSAGE(help != nullptr, type.code);
    CHECK_FALSE(help->meaning.empty());
    CHECK_FALSE(help->fix.empty());
  }
}

}  // namespace
}  // namespace sidecarctl::analyze
