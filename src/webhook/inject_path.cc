// Injection URL path parameters (see inject_path.h).
#include "webhook/inject_path.h"

#include <cctype>

namespace sidecarctl::webhook {
namespace {

std::vector<std::string> split(std::string_view text, std::string_view sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(sep, start);
    if (at == std::string_view::npos) {
      parts.emplace_back(text.substr(start));
      return parts;
    }
    parts.emplace_back(text.substr(start, at - start));
    start = at + sep.size();
  }
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

}  // namespace

bool is_inject_path(std::string_view path) { return path == "/inject" || path.starts_with("/inject/"); }

InjectPath parse_inject_path(std::string_view path) {
  InjectPath out;
  if (path.ends_with('/')) path.remove_suffix(1);  // strings.TrimSuffix: one slash
  // strings.SplitN(path, "/", 3): "", "inject", and the rest.
  std::vector<std::string> pairs;
  std::size_t first = path.find('/');
  std::size_t second = first == std::string_view::npos ? first : path.find('/', first + 1);
  if (second != std::string_view::npos) {
    std::string_view rest = path.substr(second + 1);
    if (rest.starts_with(":ENV:")) {
      std::vector<std::string> items = split(rest, ":ENV:");
      for (std::size_t i = 1; i < items.size(); ++i) {
        std::size_t eq = items[i].find('=');
        if (eq == std::string::npos || eq == 0) continue;  // `=v` and `k` are ignored
        pairs.push_back(items[i].substr(0, eq));
        pairs.push_back(items[i].substr(eq + 1));
      }
    } else {
      pairs = split(rest, "/");
      for (std::size_t i = 1; i < pairs.size(); i += 2) pairs[i] = replace_all(pairs[i], "--slash--", "/");
    }
  }
  for (std::size_t i = 0; i < pairs.size(); i += 2) {
    const std::string& key = pairs[i];
    if (i + 1 == pairs.size()) {
      out.warnings.push_back("odd number of inject env entries, ignoring the last key " + key);
      break;
    }
    std::string env;
    if (key == "cluster") {
      env = "ISTIO_META_CLUSTER_ID";
    } else if (key == "net") {
      env = "ISTIO_META_NETWORK";
    } else {
      for (char c : key) env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (!env.empty()) out.envs[env] = pairs[i + 1];
  }
  return out;
}

}  // namespace sidecarctl::webhook
