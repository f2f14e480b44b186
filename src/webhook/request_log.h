// The structured log line the webhook writes per request (and for its own events), as
// `key=value` text (logfmt) or one JSON object per line.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sidecarctl::webhook {

enum class LogFormat { kText, kJson };

// Fields in order; every value is a string.
struct LogLine {
  std::vector<std::pair<std::string, std::string>> fields;
  LogLine& add(std::string key, std::string value) {
    fields.emplace_back(std::move(key), std::move(value));
    return *this;
  }
};

// One line without its newline. Text: `key=value`, values quoted (Go %q style) when they hold a
// space, a quote, `=` or a control character, or are empty. JSON: an object of strings.
std::string format_log_line(const LogLine& line, LogFormat format);

}  // namespace sidecarctl::webhook
