// Rendering analysis messages for people and CI systems: istioctl's log lines, JSON and YAML as
// `istioctl analyze -o json|yaml` prints them, SARIF 2.1.0, JUnit XML, GitHub workflow commands.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/message.h"

namespace sidecarctl::analyze {

enum class Format { kLog, kJson, kYaml, kSarif, kJunit, kGithub };

// Parses an -o value; false when unknown.
bool parse_format(std::string_view text, Format& out);

// The structured form of a message (keys as istioctl prints them).
Json message_json(const Message& m);

// istioctl's log lines, one per message; the level coloured when `color`.
std::string render_log(const std::vector<Message>& messages, bool color);
// A JSON array, tab-indented, final newline ("[]\n" when empty).
std::string render_json(const std::vector<Message>& messages);
std::string render_yaml(const std::vector<Message>& messages);
// What a rendering needs besides the messages.
struct RenderOptions {
  bool color = false;              // log format: colour the level
  std::string tool_version;        // SARIF: the driver's version
  int exit_code = 0;               // SARIF: the invocation's exit code
  std::vector<std::string> input_errors;  // SARIF: the inputs that could not be read (notifications)
  std::string working_directory;   // SARIF: an absolute path; relative file names resolve against it
};

// SARIF 2.1.0 log with one run, as GitHub code scanning takes it: rules with help, files as URIs
// relative to %SRCROOT% (the working directory) or file:// URIs, a stable partial fingerprint per
// result, and the invocation's exit code.
std::string render_sarif(const std::vector<Message>& messages, const RenderOptions& options);
// A file name as a URI reference: percent-encoded (RFC 3986), `file://` when absolute.
std::string file_uri(std::string_view path);
// JUnit XML: one test case per message (a failure for each).
std::string render_junit(const std::vector<Message>& messages);
// GitHub Actions workflow commands (::error file=...,line=...::text).
std::string render_github(const std::vector<Message>& messages);

// Writes the messages to `out` in `format`: the text render_<format> returns, the log lines and
// JSON written in pieces as they are made.
void write_rendered(Format format, const std::vector<Message>& messages, const RenderOptions& options,
                    std::ostream& out);

}  // namespace sidecarctl::analyze
