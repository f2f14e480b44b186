#include "analyze/output.h"

#include <cstdint>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "analyze/message_help.h"
#include "yaml/emit.h"

namespace sidecarctl::analyze {

namespace {

// Splits "file:line" into its parts (line 0 when absent).
std::pair<std::string, int> split_reference(const std::string& ref) {
  auto colon = ref.rfind(':');
  if (colon == std::string::npos || colon + 1 == ref.size()) return {ref, 0};
  std::string tail = ref.substr(colon + 1);
  for (char c : tail)
    if (c < '0' || c > '9') return {ref, 0};
  if (tail.size() > 9) return {ref, 0};
  return {ref.substr(0, colon), std::stoi(tail)};
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string_view sarif_level(Level l) {
  switch (l) {
    case Level::kError: return "error";
    case Level::kWarning: return "warning";
    case Level::kInfo: return "note";
  }
  return "none";
}

}  // namespace

bool parse_format(std::string_view text, Format& out) {
  static const std::map<std::string_view, Format> kFormats = {
      {"log", Format::kLog},     {"json", Format::kJson},   {"yaml", Format::kYaml},
      {"sarif", Format::kSarif}, {"junit", Format::kJunit}, {"github", Format::kGithub}};
  auto it = kFormats.find(text);
  if (it == kFormats.end()) return false;
  out = it->second;
  return true;
}

Json message_json(const Message& m) {
  Json j = Json::object();
  j["code"] = std::string(m.type->code);
  j["level"] = std::string(level_name(m.type->level));
  if (!m.origin.empty()) j["origin"] = m.origin;
  if (!m.reference.empty()) j["reference"] = m.reference;
  j["message"] = m.text;
  j["documentationUrl"] = m.documentation_url();
  return j;
}

namespace {

void append_log_line(std::string& out, const Message& m, bool color) {
  std::string line = m.log_line();
  if (color) {
    std::string_view level = level_name(m.type->level);
    std::string_view prefix = m.type->level == Level::kError     ? "\033[31m"
                              : m.type->level == Level::kWarning ? "\033[33m"
                                                                 : "\033[36m";
    line = std::string(prefix) + std::string(level) + "\033[0m" + line.substr(level.size());
  }
  out += line;
  out += '\n';
}

// One element of render_json's array: what to_json(message_json(m), 1) prints, written directly
// (its members in key order), after the array's "[" when `first`, else after a comma.
void append_json_element(std::string& out, const Message& m, bool first) {
  out += first ? "\n\t{" : ",\n\t{";
  bool first_member = true;
  auto member = [&](std::string_view key, std::string_view value) {
    out += first_member ? "\n\t\t" : ",\n\t\t";
    first_member = false;
    yaml::append_json_string(out, key);
    out += ": ";
    yaml::append_json_string(out, value);
  };
  member("code", m.type->code);
  member("documentationUrl", m.documentation_url());
  member("level", level_name(m.type->level));
  member("message", m.text);
  if (!m.origin.empty()) member("origin", m.origin);
  if (!m.reference.empty()) member("reference", m.reference);
  out += "\n\t}";
}

// The log lines and the JSON array of the messages, appended to `out`; `spill(out)` runs after
// each message and may write `out` away and clear it (write_rendered), or do nothing (render_*).
template <typename Spill>
void append_log(std::string& out, const std::vector<Message>& messages, bool color, Spill spill) {
  for (const Message& m : messages) {
    append_log_line(out, m, color);
    spill(out);
  }
}

template <typename Spill>
void append_json_array(std::string& out, const std::vector<Message>& messages, Spill spill) {
  if (messages.empty()) {
    out += "[]\n";
    return;
  }
  out += '[';
  for (std::size_t i = 0; i < messages.size(); ++i) {
    append_json_element(out, messages[i], i == 0);
    spill(out);
  }
  out += "\n]\n";
}

void keep_all(std::string&) {}

}  // namespace

std::string render_log(const std::vector<Message>& messages, bool color) {
  std::string out;
  append_log(out, messages, color, keep_all);
  return out;
}

std::string render_json(const std::vector<Message>& messages) {
  std::string out;
  append_json_array(out, messages, keep_all);
  return out;
}

std::string render_yaml(const std::vector<Message>& messages) {
  Json arr = Json::array();
  for (const Message& m : messages) arr.push_back(message_json(m));
  return yaml::to_yaml(arr);
}

std::string file_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = path.starts_with('/') ? "file://" : "";
  if (path.starts_with("./")) path.remove_prefix(2);
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

// FNV-1a, 64 bits, as 16 hex digits: a fingerprint that does not change between runs or builds.
std::string fingerprint(std::initializer_list<std::string_view> parts) {
  std::uint64_t h = 14695981039346656037ULL;
  for (std::string_view part : parts) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xff;  // a separator no text holds
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

Json sarif_rule(const Message& m) {
  std::string code(m.type->code);
  std::string url = m.documentation_url();
  const MessageHelp* help = find_message_help(code);
  std::string meaning = help != nullptr ? std::string(help->meaning) : std::string(m.type->name);
  std::string fix = help != nullptr ? std::string(help->fix) : "";
  std::string text = meaning + (fix.empty() ? "" : " " + fix) + " Documentation: " + url;
  std::string markdown = meaning + "\n\n" + (fix.empty() ? "" : "**How to fix:** " + fix + "\n\n") +
                         "[" + code + " " + std::string(m.type->name) + "](" + url + ")";
  return {{"id", code},
          {"name", std::string(m.type->name)},
          {"shortDescription", {{"text", std::string(m.type->name)}}},
          {"fullDescription", {{"text", meaning}}},
          {"help", {{"text", text}, {"markdown", markdown}}},
          {"helpUri", url},
          {"defaultConfiguration", {{"level", std::string(sarif_level(m.type->level))}}},
          {"properties", {{"tags", Json::array({"istio"})}}}};
}

}  // namespace

std::string render_sarif(const std::vector<Message>& messages, const RenderOptions& options) {
  Json rules = Json::array();
  std::map<std::string, std::size_t> rule_index;
  Json results = Json::array();
  bool relative_files = false;
  std::map<std::string, int> seen;  // fingerprints so far: the same finding twice gets :2, :3...
  for (const Message& m : messages) {
    std::string code(m.type->code);
    if (!rule_index.count(code)) {
      rule_index[code] = rules.size();
      rules.push_back(sarif_rule(m));
    }
    Json result = {{"ruleId", code},
                   {"ruleIndex", rule_index[code]},
                   {"level", std::string(sarif_level(m.type->level))},
                   {"message", {{"text", m.text}}}};
    Json location = Json::object();
    std::string file;
    if (!m.reference.empty()) {
      int line = 0;
      std::tie(file, line) = split_reference(m.reference);
      Json artifact = {{"uri", file_uri(file)}};
      if (!file.starts_with('/')) {
        artifact["uriBaseId"] = "%SRCROOT%";
        relative_files = true;
      }
      Json physical = {{"artifactLocation", artifact}};
      if (line > 0) physical["region"] = {{"startLine", line}};
      location["physicalLocation"] = physical;
    }
    if (!m.origin.empty())
      location["logicalLocations"] = Json::array({{{"fullyQualifiedName", m.origin}, {"kind", "resource"}}});
    if (!location.empty()) result["locations"] = Json::array({location});
    // Not the line: an alert keeps its identity when lines above it move.
    std::string print = fingerprint({code, m.origin, file, m.text});
    result["partialFingerprints"] = {{"sidecarctlFinding/v1", print + ":" + std::to_string(++seen[print])}};
    results.push_back(result);
  }
  Json driver = {{"name", "sidecarctl"},
                 {"version", options.tool_version},
                 {"semanticVersion", options.tool_version},
                 {"informationUri", "https://istio.io/latest/docs/reference/config/analysis/"},
                 {"rules", rules}};
  Json invocation = {{"executionSuccessful", options.exit_code == 0 || options.exit_code == 79},
                     {"exitCode", options.exit_code}};
  if (!options.input_errors.empty()) {
    Json notes = Json::array();
    for (const std::string& e : options.input_errors)
      notes.push_back({{"level", "error"}, {"message", {{"text", e}}}});
    invocation["toolExecutionNotifications"] = notes;
  }
  Json run = {{"tool", {{"driver", driver}}}, {"invocations", Json::array({invocation})}, {"results", results}};
  if (relative_files && options.working_directory.starts_with('/')) {
    std::string root = file_uri(options.working_directory);
    if (!root.ends_with('/')) root += '/';
    run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", root}}}};
  }
  Json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({run})}};
  return log.dump(2) + "\n";
}

std::string render_junit(const std::vector<Message>& messages) {
  std::size_t failures = 0;
  for (const Message& m : messages)
    if (m.type->level != Level::kInfo) ++failures;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"sidecarctl analyze\" tests=\"" + std::to_string(messages.size()) + "\" failures=\"" +
         std::to_string(failures) + "\">\n";
  out += "  <testsuite name=\"analyze\" tests=\"" + std::to_string(messages.size()) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\" skipped=\"0\">\n";
  for (const Message& m : messages) {
    std::string name = std::string(m.type->code) + " " + m.origin;
    out += "    <testcase classname=\"" + xml_escape(std::string(m.type->code)) + "\" name=\"" + xml_escape(name) +
           "\"";
    if (!m.reference.empty()) {
      auto [file, line] = split_reference(m.reference);
      out += " file=\"" + xml_escape(file) + "\"";
      if (line > 0) out += " line=\"" + std::to_string(line) + "\"";
    }
    out += ">\n";
    std::string tag = m.type->level == Level::kInfo ? "system-out" : "failure";
    if (tag == "failure")
      out += "      <failure type=\"" + std::string(level_name(m.type->level)) + "\" message=\"" + xml_escape(m.text) +
             "\">" + xml_escape(m.log_line()) + "</failure>\n";
    else
      out += "      <system-out>" + xml_escape(m.log_line()) + "</system-out>\n";
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

std::string render_github(const std::vector<Message>& messages) {
  std::string out;
  for (const Message& m : messages) {
    std::string_view cmd = m.type->level == Level::kError     ? "error"
                           : m.type->level == Level::kWarning ? "warning"
                                                              : "notice";
    std::string props;
    if (!m.reference.empty()) {
      auto [file, line] = split_reference(m.reference);
      props += "file=" + github_escape(file, true);
      if (line > 0) props += ",line=" + std::to_string(line);
    }
    std::string title = std::string(m.type->code) + (m.origin.empty() ? "" : " " + m.origin);
    props += (props.empty() ? "" : ",") + std::string("title=") + github_escape(title, true);
    out += "::" + std::string(cmd) + " " + props + "::" + github_escape(m.text, false) + "\n";
  }
  return out;
}

void write_rendered(Format format, const std::vector<Message>& messages, const RenderOptions& options,
                    std::ostream& out) {
  // The log lines and JSON, the formats of large runs, go out in pieces of about kPieceBytes: the
  // whole text of tens of thousands of messages would otherwise be held at the run's peak.
  constexpr std::size_t kPieceBytes = std::size_t{64} << 10;
  std::string piece;
  auto write_full_piece = [&out](std::string& text) {
    if (text.size() < kPieceBytes) return;
    out << text;
    text.clear();
  };
  switch (format) {
    case Format::kLog:
      append_log(piece, messages, options.color, write_full_piece);
      break;
    case Format::kJson:
      append_json_array(piece, messages, write_full_piece);
      break;
    case Format::kYaml:
      piece = render_yaml(messages);
      break;
    case Format::kSarif:
      piece = render_sarif(messages, options);
      break;
    case Format::kJunit:
      piece = render_junit(messages);
      break;
    case Format::kGithub:
      piece = render_github(messages);
      break;
  }
  out << piece;
}

}  // namespace sidecarctl::analyze
