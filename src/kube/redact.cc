// Header redaction for debug logs.
#include "kube/redact.h"

#include <algorithm>
#include <cctype>

namespace sidecarctl::kube {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool is_secret_header(std::string_view name) {
  std::string n = lower(name);
  if (n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie") return true;
  for (std::string_view word : {"token", "secret", "password", "key", "credential"}) {
    if (n.find(word) != std::string::npos) return true;
  }
  return false;
}

std::string redact_header_value(std::string_view name, std::string_view value) {
  if (!is_secret_header(name)) return std::string(value);
  std::string n = lower(name);
  if (n == "authorization" || n == "proxy-authorization") {
    std::size_t space = value.find(' ');
    if (space != std::string_view::npos && space > 0) return std::string(value.substr(0, space)) + " <redacted>";
  }
  return "<redacted>";
}

}  // namespace sidecarctl::kube
