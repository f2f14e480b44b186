// Values of YAML blocks the fast parser built before, found again by their text. kube-inject and
// the webhook parse the sidecar template rendered for every pod, and two pods' renderings differ
// in a few lines (names, labels, an image): most of their blocks (a container, a probe, a volume)
// come back byte for byte, and copying the value built the last time costs less than parsing the
// text again. A block's value is kept the second time its text is met (blocks met once are mostly
// never met again); past its bounds the memo forgets the blocks met once, then everything.
//
// What a text builds also depends on the LoadOptions: one memo serves one set of them, in one
// thread. Blocks are kept only where positions are not recorded (no Mark is kept per node).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sidecarctl::yaml {

class BlockMemo {
 public:
  // A block node of a document: its text runs from its first byte (at `column` of its first line)
  // to the start of the next line holding content outside it, blank and comment lines included.
  // `parent` is the indentation of the collection holding it (-1 for a document's root): with the
  // text and the column, it decides the node's value.
  struct Block {
    std::size_t column = 0;
    int parent = -1;
    std::string_view text;
  };

  // What parsing a block built: its value, its node count and depth (collections nested), and the
  // lines from its first to where parsing went on after it.
  struct Built {
    nlohmann::json value;
    std::size_t nodes = 0;
    std::size_t depth = 0;
    std::size_t lines = 0;
  };

  // What the memo knows of a block: the value built for it before (`built`), or, when there is
  // none, whether a value built now would be kept (`wanted`: the block was met before).
  struct Probe {
    std::uint64_t hash = 0;
    const Built* built = nullptr;
    bool wanted = false;
  };

  // Looks `block` up and notes that it was met.
  Probe look(const Block& block);
  // Keeps what parsing `block` built (`probe` from look(block)).
  void keep(const Probe& probe, const Block& block, Built built);

  std::size_t kept_blocks() const { return kept_; }

 private:
  struct Entry {
    std::size_t column = 0;
    int parent = -1;
    std::string text;  // empty until a value is kept
    bool has_value = false;
    Built built;
  };

  void make_room();
  void start_over();

  std::unordered_map<std::uint64_t, Entry> entries_;
  std::size_t kept_ = 0;
  std::size_t kept_bytes_ = 0;
};

// Collections nested in `value` (0 for a scalar).
std::size_t collection_depth(const nlohmann::json& value);

}  // namespace sidecarctl::yaml
