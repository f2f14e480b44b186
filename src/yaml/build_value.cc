// A yaml-cpp EventHandler that builds nlohmann::json directly, iteratively (an explicit stack of
// open collections), applying go-yaml v2's scalar resolution, merge keys and alias expansion with
// budgets, and sigs.k8s.io/yaml's key conversion. yaml-cpp's exceptions stay inside this file.
#include "yaml/build_value.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cmath>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "yaml/fast_parser.h"
#include "yaml/go_format.h"
#include "yaml/line_breaks.h"
#include "yaml/object_key.h"
#include "yaml/position_locator.h"
#include "yaml/released_text.h"
#include "yaml/scalar_resolution.h"

namespace sidecarctl::yaml {
namespace {

// Thrown from inside the event handler to stop parsing; caught in build_value.
struct Abort {
  std::string message;
  YAML::Mark mark;
};

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer.push_back('/');
  for (char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer.push_back(c);
    }
  }
}

// yaml-cpp decodes the escapes \N and \_ to the lone bytes 0x85 and 0xA0 where go-yaml writes the
// characters in UTF-8. A document is valid UTF-8 before it is parsed (check_characters), so a lone
// byte in a parsed scalar can only come from one of these escapes. Writes `value` with them encoded
// to `out` and returns true, or returns false when `value` has none.
bool encode_lone_escape_bytes(std::string_view value, std::string* out) {
  bool found = false;
  for (std::size_t i = 0; i < value.size();) {
    auto length = static_cast<std::size_t>(utf8_sequence_length(value, i));
    if (length == 0) {
      if (!found) out->assign(value.substr(0, i));
      found = true;
      auto byte = static_cast<unsigned char>(value[i]);
      if (byte == 0x85 || byte == 0xA0) out->push_back('\xC2');
      length = 1;
    }
    if (found) out->append(value.substr(i, length));
    i += length;
  }
  return found;
}

struct Anchored {
  Json value;
  std::size_t nodes = 0;
  bool complete = false;
};

struct Frame {
  bool is_map = false;
  bool is_block_map = false;
  Json value;
  YAML::anchor_t anchor = 0;
  std::string pointer;  // set with LoadOptions::positions only
  std::size_t nodes = 1;
  YAML::Mark mark;
  // Mapping state: the pending key, if any.
  bool have_key = false;
  bool key_is_merge = false;
  std::string key;
  YAML::Mark key_mark;
  bool merged = false;
  std::unordered_set<std::string> explicit_keys;  // filled once a merge has happened
};

class Builder : public ValueHandler {
 public:
  // `from_yaml_cpp`: the events come from yaml-cpp, whose \N and \_ escapes need encoding.
  Builder(const LoadOptions& options, PositionMap* positions, int line_offset, bool from_yaml_cpp)
      : options_(options), positions_(positions), line_offset_(line_offset), from_yaml_cpp_(from_yaml_cpp) {}

  Json take_root() { return std::move(root_); }
  // The keys met again in their mapping (LoadOptions::duplicate_keys_last_wins), where they were met.
  const std::vector<std::pair<std::string, YAML::Mark>>& repeated_keys() const { return repeated_keys_; }
  // Where the document's last scalar starts (its properties, if any, included).
  const std::optional<YAML::Mark>& last_scalar() const { return last_scalar_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    add_scalar_node(Json(nullptr), mark, anchor, false);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end() || !it->second.complete) {
      throw Abort{"anchor '" + anchor_name(anchor) + "' value contains itself", mark};
    }
    alias_nodes_ += it->second.nodes;
    if (alias_nodes_ > options_.max_alias_expansion) {
      throw Abort{"document contains excessive aliasing (more than " +
                      std::to_string(options_.max_alias_expansion) + " nodes from aliases)",
                  mark};
    }
    count_nodes(it->second.nodes, mark);
    if (expecting_key() && !it->second.value.is_primitive()) {
      throw Abort{"invalid map key: a " + std::string(it->second.value.is_object() ? "mapping" : "sequence"), mark};
    }
    place(Json(it->second.value), mark, 0, it->second.nodes, false);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    last_scalar_ = mark;
    const std::string& value = from_yaml_cpp_ && encode_lone_escape_bytes(text, &encoded_) ? encoded_ : text;
    if (value.size() > options_.max_scalar_bytes) {
      throw Abort{"scalar of " + std::to_string(value.size()) + " bytes exceeds the limit of " +
                      std::to_string(options_.max_scalar_bytes),
                  mark};
    }
    const std::string_view tag_text = tag;  // compared inline, not through std::string::compare
    const bool untagged = tag_text == "?" || tag_text.empty();
    const bool merge_text = std::string_view(value) == "<<";
    // A mapping key that stays a string (most keys) goes straight to its frame (take_key, as
    // place() does for it): no Json is built and taken apart again.
    if (anchor == 0 && expecting_key() &&
        (tag_text == "!" || (untagged && !merge_text && resolve_scalar("", value).kind == ScalarKind::kString))) {
      count_nodes(1, mark);
      Frame& f = top();
      f.nodes += 1;
      f.key = value;
      take_key(f, mark, false);
      return;
    }
    Json v;
    bool merge = false;
    if (untagged) {
      v = resolved(resolve_scalar("", value), value);
      merge = merge_text;
    } else if (tag_text == "!") {
      v = value;
    } else {
      std::string error;
      ResolvedScalar r = resolve_scalar(tag, value, &error);
      if (!error.empty()) throw Abort{error, mark};
      if (tag == std::string(kTagPrefix) + "merge" && merge_text) merge = true;
      if (tag == std::string(kTagPrefix) + "binary") {
        v = decode_base64(value, mark);
      } else {
        v = resolved(r, value);
      }
    }
    add_scalar_node(std::move(v), mark, anchor, merge);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(false, mark, anchor);
  }

  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(true, mark, anchor);
    top().is_block_map = style == YAML::EmitterStyle::Block;
  }

  void OnMapEnd() override { close(); }

  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_names_.push_back(name); }

  bool place_built(const Json& value, std::size_t nodes, std::size_t depth, const YAML::Mark& mark) override {
    if (depth_ + depth > options_.max_depth || total_nodes_ + nodes > options_.max_nodes) return false;
    total_nodes_ += nodes;
    place(Json(value), mark, 0, nodes, false, /*positioned=*/true);
    return true;
  }
  std::pair<const Json*, std::size_t> last_placed() const override { return {last_placed_, last_nodes_}; }
  std::size_t warning_count() const override { return repeated_keys_.size(); }

 private:
  std::string anchor_name(YAML::anchor_t anchor) const {
    if (anchor >= 1 && anchor <= anchor_names_.size()) return anchor_names_[anchor - 1];
    return std::to_string(anchor);
  }

  bool expecting_key() const { return depth_ > 0 && top().is_map && !top().have_key; }
  Frame& top() { return stack_[depth_ - 1]; }
  const Frame& top() const { return stack_[depth_ - 1]; }

  Mark to_mark(const YAML::Mark& m) const { return Mark{m.line + 1 + line_offset_, m.column + 1}; }

  void count_nodes(std::size_t n, const YAML::Mark& mark) {
    total_nodes_ += n;
    if (total_nodes_ > options_.max_nodes) {
      throw Abort{"document has more than " + std::to_string(options_.max_nodes) + " nodes", mark};
    }
  }

  static Json resolved(const ResolvedScalar& r, const std::string& text) {
    switch (r.kind) {
      case ScalarKind::kNull: return Json(nullptr);
      case ScalarKind::kBool: return Json(r.boolean);
      case ScalarKind::kInt: return Json(r.int_value);
      case ScalarKind::kUint: return Json(r.uint_value);
      case ScalarKind::kFloat: return Json(r.float_value);
      case ScalarKind::kString:
      case ScalarKind::kTimestamp:
      case ScalarKind::kMerge: break;
    }
    return Json(text);
  }

  static Json decode_base64(const std::string& text, const YAML::Mark& mark) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    std::size_t padding = 0;
    std::size_t symbols = 0;
    for (char c : text) {
      if (c == '\n' || c == '\r') continue;  // Go's decoder skips newlines
      int v;
      if (c >= 'A' && c <= 'Z') {
        v = c - 'A';
      } else if (c >= 'a' && c <= 'z') {
        v = c - 'a' + 26;
      } else if (c >= '0' && c <= '9') {
        v = c - '0' + 52;
      } else if (c == '+') {
        v = 62;
      } else if (c == '/') {
        v = 63;
      } else if (c == '=') {
        ++padding;
        ++symbols;
        continue;
      } else {
        throw Abort{"!!binary value contains invalid base64 data", mark};
      }
      if (padding > 0) throw Abort{"!!binary value contains invalid base64 data", mark};
      ++symbols;
      buffer = (buffer << 6) | static_cast<unsigned>(v);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push_back(static_cast<char>((buffer >> bits) & 0xFFu));
      }
    }
    if (symbols % 4 != 0 || padding > 2) throw Abort{"!!binary value contains invalid base64 data", mark};
    return Json(out);
  }

  void add_scalar_node(Json v, const YAML::Mark& mark, YAML::anchor_t anchor, bool merge) {
    count_nodes(1, mark);
    place(std::move(v), mark, anchor, 1, merge);
  }

  // Pointer of the next node placed in the current collection.
  std::string child_pointer() const {
    if (depth_ == 0) return {};
    const Frame& f = top();
    std::string p = f.pointer;
    if (f.is_map) {
      append_pointer_token(p, f.key);
    } else {
      p.push_back('/');
      p += std::to_string(f.value.size());
    }
    return p;
  }

  void open(bool is_map, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (expecting_key()) throw Abort{std::string("invalid map key: a ") + (is_map ? "mapping" : "sequence"), mark};
    if (depth_ + 1 > options_.max_depth) {
      throw Abort{"document nesting exceeds the maximum depth of " + std::to_string(options_.max_depth), mark};
    }
    count_nodes(1, mark);
    std::string pointer;
    if (options_.positions) {  // the pointer names positions only
      pointer = child_pointer();
      if (depth_ == 0 || !top().is_map) positions_->set(pointer, to_mark(mark));
    }
    if (anchor != 0) anchors_[anchor];  // registered, not complete: an alias to it now is recursive
    if (depth_ == stack_.size()) stack_.emplace_back();
    Frame& f = stack_[depth_++];
    f.is_map = is_map;
    f.is_block_map = false;
    f.value = is_map ? Json::object() : Json::array();
    f.anchor = anchor;
    f.pointer = std::move(pointer);
    f.nodes = 1;
    f.mark = mark;
    f.have_key = false;
    f.key_is_merge = false;
    f.merged = false;
    f.explicit_keys.clear();
  }

  void close() {
    Frame& f = top();
    --depth_;  // f stays where it is: place() below adds no frame
    if (f.is_map && f.have_key) throw Abort{"mapping ends without a value", f.mark};
    place(std::move(f.value), f.mark, f.anchor, f.nodes, false, /*positioned=*/true);
  }

  void place(Json v, const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t nodes, bool merge,
             bool positioned = false) {
    if (anchor != 0) anchors_[anchor] = Anchored{v, nodes, true};
    last_placed_ = nullptr;
    last_nodes_ = nodes;
    if (depth_ == 0) {
      if (options_.positions && !positioned) positions_->set("", to_mark(mark));
      root_ = std::move(v);
      last_placed_ = &root_;
      return;
    }
    Frame& f = top();
    f.nodes += nodes;
    if (!f.is_map) {
      if (options_.positions && !positioned) positions_->set(child_pointer(), to_mark(mark));
      f.value.push_back(std::move(v));
      last_placed_ = &f.value.back();
      return;
    }
    if (!f.have_key) {
      if (merge) {
        f.key.clear();
      } else if (v.is_string()) {
        f.key = std::move(v.get_ref<std::string&>());
      } else {
        Result<std::string> key = key_string(v);
        if (!key.has_value()) throw Abort{key.error().message, mark};
        f.key = std::move(key.value());
      }
      take_key(f, mark, merge);
      return;
    }
    f.have_key = false;
    // yaml-cpp reads a block mapping's last entry without ':' ("a: 1\nx") as a key with a null
    // value, marked where the key starts; go-yaml refuses it. "x:" or "? x" mark the value elsewhere.
    if (f.is_block_map && v.is_null() && mark.line == f.key_mark.line && mark.column == f.key_mark.column) {
      throw Abort{"could not find expected ':'", f.key_mark};
    }
    if (f.key_is_merge) {
      merge_into(f, v, mark);
      return;
    }
    auto& entries = f.value.get_ref<Json::object_t&>();
    auto at = entries.lower_bound(ObjectKey{f.key});  // one lookup: the entry, or where it goes
    bool present = at != entries.end() && at->first == f.key;
    bool duplicate = f.merged ? !f.explicit_keys.insert(f.key).second : present;
    if (duplicate) {
      if (!options_.duplicate_keys_last_wins) throw Abort{"mapping key \"" + f.key + "\" already defined", f.key_mark};
      repeated_keys_.emplace_back(f.key, f.key_mark);
    }
    if (options_.positions) positions_->set(child_pointer(), to_mark(f.key_mark));
    if (present) {
      at->second = std::move(v);
    } else {
      at = entries.emplace_hint(at, std::move(f.key), std::move(v));  // the next key replaces f.key
    }
    last_placed_ = &at->second;
  }

  // `f.key` (set by the caller; empty for a merge) is the mapping's pending key, met at `mark`.
  static void take_key(Frame& f, const YAML::Mark& mark, bool merge) {
    f.have_key = true;
    f.key_is_merge = merge;
    f.key_mark = mark;
  }

  void merge_into(Frame& f, const Json& v, const YAML::Mark& mark) {
    if (!f.merged) {
      f.merged = true;
      for (const auto& item : f.value.items()) f.explicit_keys.insert(item.key());
    }
    auto merge_one = [&](const Json& m) {
      if (!m.is_object()) throw Abort{"map merge requires map or sequence of maps as the value", mark};
      for (const auto& item : m.items()) f.value[item.key()] = item.value();
    };
    if (v.is_object()) {
      merge_one(v);
    } else if (v.is_array()) {
      for (auto it = v.rbegin(); it != v.rend(); ++it) merge_one(*it);
    } else {
      throw Abort{"map merge requires map or sequence of maps as the value", mark};
    }
  }

  const LoadOptions& options_;
  PositionMap* positions_;
  int line_offset_;
  bool from_yaml_cpp_;
  // The open collections, innermost last: the first depth_ frames. Frames above them are reset
  // and reused by the next collections opened, which saves building, moving and destroying a
  // Frame (its unordered_set included) per collection.
  std::vector<Frame> stack_;
  std::size_t depth_ = 0;
  Json root_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::vector<std::string> anchor_names_;
  std::size_t total_nodes_ = 0;
  std::size_t alias_nodes_ = 0;
  std::optional<YAML::Mark> last_scalar_;
  std::string encoded_;  // the last scalar whose escapes yaml-cpp left as lone bytes, encoded
  std::vector<std::pair<std::string, YAML::Mark>> repeated_keys_;
  const Json* last_placed_ = nullptr;  // the node place() placed last (null for a key, a merge)
  std::size_t last_nodes_ = 0;
};

// True when the scalar at `mark` is a quoted scalar that never closes. Only a document's last
// scalar can be one: it runs to the end of the text.
bool opens_unclosed_quote(std::string_view text, const YAML::Mark& mark) {
  auto is_break_or_blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  auto p = static_cast<std::size_t>(mark.pos);
  while (p < text.size()) {  // skip blanks, line breaks, a tag, an anchor and comments
    if (is_break_or_blank(text[p])) {
      ++p;
    } else if (text[p] == '#') {
      while (p < text.size() && text[p] != '\n' && text[p] != '\r') ++p;
    } else if (text[p] == '!' || text[p] == '&') {
      while (p < text.size() && !is_break_or_blank(text[p])) ++p;
    } else {
      break;
    }
  }
  return p < text.size() && (text[p] == '\'' || text[p] == '"') && !quoted_scalar_closes(text, p);
}

}  // namespace

Result<std::string> key_string(const Json& key) {
  switch (key.type()) {
    case Json::value_t::string: return key.get<std::string>();
    case Json::value_t::boolean: return std::string(key.get<bool>() ? "true" : "false");
    case Json::value_t::number_integer: return std::to_string(key.get<std::int64_t>());
    case Json::value_t::number_float: {
      std::string s = format_float32_g(static_cast<float>(key.get<double>()));
      if (s == "+Inf") return std::string(".inf");
      if (s == "-Inf") return std::string("-.inf");
      if (s == "NaN") return std::string(".nan");
      return s;
    }
    case Json::value_t::number_unsigned:
      return make_error(ErrorKind::kInvalidInput,
                        fmt::format("unsupported map key of type: uint64, key: {:#x}", key.get<std::uint64_t>()));
    case Json::value_t::null:
      return make_error(ErrorKind::kInvalidInput, "unsupported map key: null");
    default: break;
  }
  return make_error(ErrorKind::kInvalidInput, "invalid map key: a collection");
}

namespace {

// A warning per key the builder met again, at the repeated key.
void note_repeated_keys(const Builder& builder, Document& doc) {
  for (const auto& [key, mark] : builder.repeated_keys()) {
    Error e = make_error(ErrorKind::kInvalidInput,
                         "mapping key \"" + key + "\" is repeated: the last value is used, as istioctl does",
                         doc.at(mark.line + doc.first_line, mark.column + 1));
    doc.warnings.push_back(e.to_string());
  }
}

}  // namespace

namespace {

// `text` as the parsers take it: a byte order mark opens a stream (go-yaml reads and drops it;
// yaml-cpp's positions would then be off by its three bytes), and line breaks are rewritten
// (`rewritten` holds the text when they are).
std::string_view parser_text(std::string_view text, std::string& rewritten) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (rewrite_line_breaks(text, &rewritten)) text = rewritten;
  return text;
}

}  // namespace

Result<void> build_value(std::string_view text, Document& doc, const LoadOptions& options) {
  auto fail = [&](const std::string& message, const YAML::Mark& mark) {
    return make_error(ErrorKind::kInvalidInput, message, doc.at(mark.line + doc.first_line, mark.column + 1));
  };
  std::string rewritten;
  text = parser_text(text, rewritten);
  try {
    if (options.fast_path) {
      Builder fast(options, &doc.positions, doc.first_line - 1, false);
      FastError error;
      // Without positions, blocks parsed before may come from the caller's memo.
      const bool memo = options.block_memo != nullptr && !options.positions;
      switch (memo ? parse_fast(text, fast, *options.block_memo, &error) : parse_fast(text, fast, &error)) {
        case FastParse::kDone:
          doc.value = fast.take_root();
          note_repeated_keys(fast, doc);
          return {};
        case FastParse::kError: return fail(error.message, error.mark);
        case FastParse::kUnsupported: break;
      }
    }
    // Outside the fast parser's subset: start over with yaml-cpp.
    doc.positions = PositionMap{};
    Builder builder(options, &doc.positions, doc.first_line - 1, true);
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      doc.value = nullptr;
      return {};
    }
    if (builder.last_scalar() && opens_unclosed_quote(text, *builder.last_scalar())) {
      return fail("found unexpected end of stream while scanning a quoted scalar", *builder.last_scalar());
    }
    doc.value = builder.take_root();
    note_repeated_keys(builder, doc);
  } catch (const Abort& abort) {
    return fail(abort.message, abort.mark);
  } catch (const YAML::DeepRecursion& e) {
    return fail("document nesting is too deep for the YAML parser", e.mark);
  } catch (const YAML::Exception& e) {
    return fail(e.msg, e.mark);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::kInvalidInput, std::string("cannot parse YAML: ") + e.what(),
                      doc.at(doc.first_line, 0));
  }
  return {};
}

void record_positions(Document& doc, const LoadOptions& options, const std::vector<std::string>* only_for,
                      FileRangeReader* files) {
  // A released text is read back for the parse and let go of again after it.
  const bool released = doc.released_text_hash.has_value();
  FileRangeReader own_files;
  if (!recall_text(doc, files != nullptr ? *files : own_files)) return;  // its file changed: no positions
  if (only_for != nullptr) {
    std::string rewritten;
    PositionMap located;
    if (locate_positions(parser_text(doc.text, rewritten), *only_for, doc.first_line - 1, located)) {
      doc.positions = std::move(located);
      if (released) release_text(doc);
      return;
    }
  }
  Document located;
  located.source = doc.source;
  located.index = doc.index;
  located.stream_documents = doc.stream_documents;
  located.first_line = doc.first_line;
  LoadOptions with_positions = options;
  with_positions.positions = true;
  // The text parsed once already; were it to fail now, the document would keep no positions.
  if (build_value(doc.text, located, with_positions)) doc.positions = std::move(located.positions);
  if (released) release_text(doc);
}

}  // namespace sidecarctl::yaml
