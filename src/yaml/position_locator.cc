// locate_positions: the fast parser's events followed by a stack of pointers, marking the nodes a
// positions parse (build_value.cc's Builder) would mark, where they lead to a wanted pointer.
#include "yaml/position_locator.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include "yaml/fast_parser.h"
#include "yaml/json_fields.h"
#include "yaml/scalar_resolution.h"

namespace sidecarctl::yaml {
namespace {

// Thrown to stop at what the Builder handles in a way this does not follow.
struct Unfollowed {};

class PositionLocator : public YAML::EventHandler {
 public:
  PositionLocator(const std::vector<std::string>& wanted, int line_offset, PositionMap& positions)
      : wanted_(wanted), line_offset_(line_offset), positions_(positions) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string&) override { throw Unfollowed{}; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { throw Unfollowed{}; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor != 0 || expecting_key()) throw Unfollowed{};  // a null key does not stay a string
    place(mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const bool quoted = tag == "!";
    if (anchor != 0 || (!quoted && tag != "?" && !tag.empty())) throw Unfollowed{};
    if (!expecting_key()) return place(mark);
    // A key that stays a string, as the Builder takes it; a merge key or one that resolves to
    // another type (`80:`, `true:`) is left to a full parse.
    if (!quoted && (value == "<<" || resolve_scalar("", value).kind != ScalarKind::kString))
      throw Unfollowed{};
    Frame& f = stack_.back();
    f.key = value;
    f.key_mark = mark;
    f.have_key = true;
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(false, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(true, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    bool is_map = false;
    bool wanted = true;     // some wanted pointer is this collection's or under it
    std::string pointer;    // set when wanted
    std::size_t items = 0;  // a sequence's items so far
    bool have_key = false;
    std::string key;
    YAML::Mark key_mark;
  };

  bool expecting_key() const { return !stack_.empty() && stack_.back().is_map && !stack_.back().have_key; }

  Mark to_mark(const YAML::Mark& m) const { return Mark{m.line + 1 + line_offset_, m.column + 1}; }

  // The pointer of the next node placed in the current collection, when a wanted pointer is it or
  // under it.
  std::optional<std::string> wanted_child() const {
    std::string p;
    if (!stack_.empty()) {
      const Frame& f = stack_.back();
      if (!f.wanted) return std::nullopt;
      p = f.pointer + (f.is_map ? "/" + json_pointer_token(f.key) : "/" + std::to_string(f.items));
    }
    for (const std::string& w : wanted_)
      if (w.starts_with(p) && (w.size() == p.size() || w[p.size()] == '/')) return p;
    return std::nullopt;
  }

  // A node placed in the current collection (or as the root): a sequence item or the root is
  // marked where it starts, a mapping value where its key does. A collection's own start is
  // marked by open() and passed here as `start`.
  void placed(const YAML::Mark& start, bool collection) {
    if (stack_.empty()) {
      if (!collection) positions_.set("", to_mark(start));
      return;
    }
    Frame& f = stack_.back();
    if (f.is_map) {
      if (std::optional<std::string> p = wanted_child()) positions_.set(std::move(*p), to_mark(f.key_mark));
      f.have_key = false;
      return;
    }
    if (!collection) {
      if (std::optional<std::string> p = wanted_child()) positions_.set(std::move(*p), to_mark(start));
    }
    ++f.items;
  }

  void place(const YAML::Mark& mark) { placed(mark, false); }

  void open(bool is_map, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != 0 || expecting_key()) throw Unfollowed{};  // a collection key: not a string
    Frame f;
    f.is_map = is_map;
    if (std::optional<std::string> p = wanted_child()) {
      f.pointer = std::move(*p);
      if (stack_.empty() || !stack_.back().is_map) positions_.set(f.pointer, to_mark(mark));
    } else {
      f.wanted = false;
    }
    stack_.push_back(std::move(f));
  }

  void close() {
    stack_.pop_back();
    placed(YAML::Mark(), true);
  }

  const std::vector<std::string>& wanted_;
  int line_offset_;
  PositionMap& positions_;
  std::vector<Frame> stack_;
};

}  // namespace

bool locate_positions(std::string_view text, const std::vector<std::string>& wanted, int line_offset,
                      PositionMap& positions) {
  PositionLocator locator(wanted, line_offset, positions);
  FastError error;
  try {
    return parse_fast(text, locator, &error) == FastParse::kDone;
  } catch (const Unfollowed&) {
    return false;
  }
}

}  // namespace sidecarctl::yaml
