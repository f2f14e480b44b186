// Log line formatting (see request_log.h).
#include "webhook/request_log.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sidecarctl::webhook {
namespace {

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '"' || c == '=' || c == '\\' || u == 0x7f) return true;
  }
  return false;
}

}  // namespace

std::string format_log_line(const LogLine& line, LogFormat format) {
  if (format == LogFormat::kJson) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (const auto& [k, v] : line.fields) obj[k] = v;
    return obj.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  std::string out;
  for (const auto& [k, v] : line.fields) {
    if (!out.empty()) out += ' ';
    out += k;
    out += '=';
    if (needs_quotes(v)) {
      // JSON string escaping is Go's %q for what a log line holds (ASCII controls, quotes).
      out += nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      out += v;
    }
  }
  return out;
}

}  // namespace sidecarctl::webhook
