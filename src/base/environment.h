// Environment: the process environment passed into libraries as a value (src/ never calls getenv).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace sidecarctl {

class Environment {
 public:
  Environment() = default;
  explicit Environment(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}

  // The value of `name`, or nullopt when unset.
  std::optional<std::string> get(const std::string& name) const {
    auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  }
  // The value of `name`, or `fallback` when unset or empty.
  std::string get_or(const std::string& name, const std::string& fallback) const {
    auto it = vars_.find(name);
    return it == vars_.end() || it->second.empty() ? fallback : it->second;
  }
  void set(const std::string& name, std::string value) { vars_[name] = std::move(value); }
  const std::map<std::string, std::string>& vars() const { return vars_; }

 private:
  std::map<std::string, std::string> vars_;
};

}  // namespace sidecarctl
