// Analysis messages: the catalogue of message types (code, level, template) and the messages the
// analyzers report, rendered with Go fmt semantics for the verbs the templates use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyze/resource.h"

namespace sidecarctl::analyze {

// Severity; ordered from worst (Error) to mildest (Info), as Istio sorts them.
enum class Level { kError = 0, kWarning = 1, kInfo = 2 };

std::string_view level_name(Level level);
// Parses "Error"/"Warning"/"Info" (case-insensitive); false on anything else.
bool parse_level(std::string_view text, Level& out);

// One entry of the catalogue.
struct MessageType {
  std::string_view code;
  std::string_view name;
  Level level;
  std::string_view templ;
};

// The message type for a code; null when unknown.
const MessageType* find_message_type(std::string_view code);
const std::vector<MessageType>& message_catalogue();

// A template argument as Go's fmt sees it: a string, an integer or a list of either.
class Arg {
 public:
  Arg(std::string s) : kind_(kString), text_(std::move(s)) {}
  Arg(const char* s) : kind_(kString), text_(s) {}
  Arg(long long n) : kind_(kInt), text_(std::to_string(n)) {}
  Arg(int n) : kind_(kInt), text_(std::to_string(n)) {}
  Arg(const std::vector<std::string>& items);
  Arg(const std::vector<long long>& items);

  // Renders for a verb: 's', 'v', 'd' or 'q'.
  std::string format(char verb) const;

 private:
  enum Kind { kString, kInt, kList };
  Kind kind_;
  std::string text_;
  std::vector<std::string> items_;
};

// Go's fmt.Sprintf for %s %v %d %q and %%; missing arguments print as Go does (%!v(MISSING)).
std::string go_sprintf(std::string_view templ, const std::vector<Arg>& args);
// Go's strconv.Quote.
std::string go_quote(std::string_view s);

// A reported message.
struct Message {
  const MessageType* type = nullptr;
  const Resource* resource = nullptr;  // null for messages about no resource
  std::string text;                    // rendered template
  std::string reference;               // "file:line" or "" (synthetic resource)
  std::string origin;                  // "Kind ns/name"

  // Istio's log line: `Error [IST0101] (VirtualService default/reviews app.yaml:12) text`.
  std::string log_line() const;
  std::string documentation_url() const;
};

// The documentation version in message URLs.
inline constexpr std::string_view kDocsVersion = "v1.30";

}  // namespace sidecarctl::analyze
