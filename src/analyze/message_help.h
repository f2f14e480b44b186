// What a message code means and how to clear it (SARIF rule help; see message_help.cc).
#pragma once

#include <string_view>

namespace sidecarctl::analyze {

struct MessageHelp {
  std::string_view meaning;  // what the message says about the resource
  std::string_view fix;      // how to clear it
};

// The help of a catalogue code; null when there is none.
const MessageHelp* find_message_help(std::string_view code);

}  // namespace sidecarctl::analyze
