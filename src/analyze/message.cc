#include <cctype>
#include <cstdio>

#include "analyze/message.h"

namespace sidecarctl::analyze {

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kError: return "Error";
    case Level::kWarning: return "Warning";
    case Level::kInfo: return "Info";
  }
  return "Unknown";
}

bool parse_level(std::string_view text, Level& out) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "error") out = Level::kError;
  else if (lower == "warning") out = Level::kWarning;
  else if (lower == "info") out = Level::kInfo;
  else return false;
  return true;
}

const MessageType* find_message_type(std::string_view code) {
  for (const MessageType& t : message_catalogue())
    if (t.code == code) return &t;
  return nullptr;
}

Arg::Arg(const std::vector<std::string>& items) : kind_(kList), items_(items) {}
Arg::Arg(const std::vector<long long>& items) : kind_(kList) {
  for (long long n : items) items_.push_back(std::to_string(n));
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string Arg::format(char verb) const {
  if (kind_ == kList) {
    std::string out = "[";
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (i) out += ' ';
      out += verb == 'q' ? go_quote(items_[i]) : items_[i];
    }
    return out + "]";
  }
  if (verb == 'q') return kind_ == kString ? go_quote(text_) : "'" + text_ + "'";
  if (verb == 'd' && kind_ == kString) return "%!d(string=" + text_ + ")";
  return text_;
}

std::string go_sprintf(std::string_view templ, const std::vector<Arg>& args) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < templ.size(); ++i) {
    char c = templ[i];
    if (c != '%' || i + 1 == templ.size()) {
      out += c;
      continue;
    }
    char verb = templ[++i];
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (next < args.size()) {
      out += args[next++].format(verb);
    } else {
      out += "%!";
      out += verb;
      out += "(MISSING)";
    }
  }
  if (next < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t i = next; i < args.size(); ++i) {
      if (i > next) out += ", ";
      out += "string=" + args[i].format('v');
    }
    out += ")";
  }
  return out;
}

std::string Message::log_line() const {
  std::string line = std::string(level_name(type->level)) + " [" + std::string(type->code) + "]";
  if (!origin.empty()) {
    line += " (" + origin;
    if (!reference.empty()) line += " " + reference;
    line += ")";
  }
  return line + " " + text;
}

std::string Message::documentation_url() const {
  std::string code(type->code);
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "https://istio.io/" + std::string(kDocsVersion) + "/docs/reference/config/analysis/" + code +
         "/?ref=istioctl-analyze";
}

}  // namespace sidecarctl::analyze
