// Tests for the log line formats.
#include "webhook/request_log.h"

#include <doctest/doctest.h>

namespace sidecarctl::webhook {
namespace {

TEST_CASE("text and JSON lines") {
  LogLine line;
  line.add("level", "info").add("path", "/inject").add("status", "200").add("message", "a \"b\"\n").add("uid", "");
  CHECK(format_log_line(line, LogFormat::kText) ==
        R"(level=info path=/inject status=200 message="a \"b\"\n" uid="")");
  CHECK(format_log_line(line, LogFormat::kJson) ==
        R"({"level":"info","path":"/inject","status":"200","message":"a \"b\"\n","uid":""})");
}

TEST_CASE("invalid UTF-8 from a client does not break the line") {
  LogLine line;
  line.add("path", "/x\xff");
  CHECK(format_log_line(line, LogFormat::kJson) == "{\"path\":\"/x\xEF\xBF\xBD\"}");
}

}  // namespace
}  // namespace sidecarctl::webhook
