// Values of YAML blocks found again by their text (see block_memo.h).
#include "yaml/block_memo.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace sidecarctl::yaml {

namespace {

// Bounds of what one memo holds: blocks met (kept or not) and the text of the kept ones (their
// values take several times that). A rendered sidecar template is about 6 KB in some 50 blocks,
// a few of which differ from pod to pod.
constexpr std::size_t kMaxEntries = 4096;
constexpr std::size_t kMaxKeptBytes = std::size_t{1} << 20;

// A hash of `text` eight bytes at a time (blocks nest, so a byte is hashed once per enclosing
// block; with std::hash's Murmur the look-ups took 91 M instructions for 2,000 pods, with this 72 M).
std::uint64_t text_hash(std::string_view text) {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = text.size() * kMultiplier;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    h = (h ^ word) * kMultiplier;
    h ^= h >> 32;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, text.data() + i, text.size() - i);
  h = (h ^ tail) * kMultiplier;
  return h ^ (h >> 29);
}

std::uint64_t block_hash(const BlockMemo::Block& block) {
  std::uint64_t h = text_hash(block.text);
  // Column and parent indentation mixed in.
  h ^= (static_cast<std::uint64_t>(block.column) << 32 | static_cast<std::uint32_t>(block.parent)) *
       0xC2B2AE3D27D4EB4Full;
  return h;
}

}  // namespace

BlockMemo::Probe BlockMemo::look(const Block& block) {
  Probe probe;
  probe.hash = block_hash(block);
  if (entries_.size() >= kMaxEntries) make_room();
  auto [it, added] = entries_.try_emplace(probe.hash);
  if (added) {
    it->second.column = block.column;
    it->second.parent = block.parent;
    return probe;
  }
  const Entry& e = it->second;
  if (e.column != block.column || e.parent != block.parent) return probe;  // another block, same hash
  if (!e.has_value) {
    probe.wanted = true;
    return probe;
  }
  if (e.text == block.text) probe.built = &e.built;
  return probe;
}

void BlockMemo::keep(const Probe& probe, const Block& block, Built built) {
  if (kept_bytes_ + block.text.size() > kMaxKeptBytes) start_over();
  Entry& e = entries_[probe.hash];
  if (e.has_value) return;
  e.column = block.column;
  e.parent = block.parent;
  e.text.assign(block.text);
  e.has_value = true;
  e.built = std::move(built);
  ++kept_;
  kept_bytes_ += block.text.size();
}

void BlockMemo::make_room() {
  // The blocks met once go first (most are never met again); if the kept ones fill half, all go.
  std::erase_if(entries_, [](const auto& entry) { return !entry.second.has_value; });
  if (entries_.size() > kMaxEntries / 2) start_over();
}

void BlockMemo::start_over() {
  entries_.clear();
  kept_ = 0;
  kept_bytes_ = 0;
}

std::size_t collection_depth(const nlohmann::json& value) {
  if (!value.is_structured()) return 0;
  std::size_t deepest = 0;
  for (const auto& child : value) deepest = std::max(deepest, collection_depth(child));
  return deepest + 1;
}

}  // namespace sidecarctl::yaml
