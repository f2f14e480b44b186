// Node positions by JSON pointer, with lookup falling back to the nearest recorded ancestor.
#include "yaml/document.h"

namespace sidecarctl::yaml {

void PositionMap::set(std::string pointer, Mark mark) { marks_[std::move(pointer)] = mark; }

Mark PositionMap::find(std::string_view pointer) const {
  std::string key(pointer);
  for (;;) {
    auto it = marks_.find(key);
    if (it != marks_.end()) return it->second;
    if (key.empty()) return Mark{};
    std::size_t slash = key.rfind('/');
    key.resize(slash == std::string::npos ? 0 : slash);
  }
}

SourceLoc Document::loc(std::string_view pointer) const {
  Mark mark = positions.find(pointer);
  if (mark.line == 0) return at(first_line, 0);
  return at(mark.line, mark.column);
}

SourceLoc Document::at(int line, int column) const {
  return SourceLoc{source, stream_documents > 1 ? index : -1, line, column};
}

}  // namespace sidecarctl::yaml
