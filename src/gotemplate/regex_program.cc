// Compiling RegexNode trees to Thompson programs (with Go's simplification of repetitions and
// its priority rules) and the Pike VM that runs them.
#include "gotemplate/regex_program.h"

#include <algorithm>
#include <string>

#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {

using Op = RegexProgram::Inst::Op;
using Kind = RegexNode::Kind;

namespace {

// What a search that finds a match is charged on top of its steps.
constexpr std::uint64_t kStepsPerMatch = 16;

// Capture slots times consuming instructions above this would let the thread lists grow past
// 64 MiB; such a pattern is "expression too large" too.
constexpr std::size_t kMaxCaptureSlots = std::size_t{8} << 20;

// A hole to fill: instruction index * 2, plus 1 for its `arg` field rather than `out`. Holes
// are chained through the fields they will fill (Go's patchList); 0 is the empty list, since
// instruction 0 (kFail) never has holes.
struct PatchList {
  std::uint32_t head = 0;
  std::uint32_t tail = 0;
};

struct Frag {
  std::uint32_t start = 0;  // 0: matches nothing
  PatchList out;
  bool nullable = false;  // can match the empty string
};

// What a node is once Go's Simplify has rewritten repetitions: star, plus, quest, empty, or
// something else (kOther).
enum class Shape { kStar, kPlus, kQuest, kEmpty, kOther };

Shape shape_of(const RegexNode& n, bool& greedy);

// Go's simplify1: repeating the empty string is the empty string; x** is x* (same greediness).
Shape simplified_repeat(Shape op, bool greedy, const RegexNode& sub) {
  bool sub_greedy = true;
  Shape s = shape_of(sub, sub_greedy);
  if (s == Shape::kEmpty) return Shape::kEmpty;
  if (s == op && sub_greedy == greedy) return op;
  return Shape::kOther;
}

Shape shape_of(const RegexNode& n, bool& greedy) {
  if (n.kind == Kind::kEmptyMatch) return Shape::kEmpty;
  if (n.kind != Kind::kRepeat) return Shape::kOther;
  greedy = n.greedy;
  if (n.min == 0 && n.max == 0) return Shape::kEmpty;
  if (n.min == 1 && n.max == 1) return shape_of(n.subs[0], greedy);
  Shape op = Shape::kOther;
  if (n.min == 0 && n.max == -1) op = Shape::kStar;
  if (n.min == 1 && n.max == -1) op = Shape::kPlus;
  if (n.min == 0 && n.max == 1) op = Shape::kQuest;
  if (op == Shape::kOther) return op;
  return simplified_repeat(op, n.greedy, n.subs[0]) == Shape::kEmpty ? Shape::kEmpty : op;
}

}  // namespace

class RegexCompiler {
 public:
  explicit RegexCompiler(RegexProgram& p) : p_(p) { inst(Op::kFail); }

  bool too_large() const { return too_large_; }

  Frag compile(const RegexNode& n) {
    if (too_large_) return {};
    switch (n.kind) {
      case Kind::kEmptyMatch: return nop();
      case Kind::kRunes: return runes(n.ranges);
      case Kind::kAnyChar: return consuming(Op::kAny, 0);
      case Kind::kAnyCharNotNL: return consuming(Op::kAnyNotNL, 0);
      case Kind::kBeginLine:
      case Kind::kEndLine:
      case Kind::kBeginText:
      case Kind::kEndText:
      case Kind::kWordBoundary:
      case Kind::kNoWordBoundary: {
        Frag f = inst(Op::kAssert);
        if (f.start == 0) return f;
        at(f.start).arg = static_cast<std::uint32_t>(n.kind);
        f.out = hole(f.start, false);
        f.nullable = true;
        return f;
      }
      case Kind::kCapture: {
        Frag bra = save(2 * n.cap);
        Frag sub = compile(n.subs[0]);
        Frag ket = save(2 * n.cap + 1);
        return cat(cat(bra, sub), ket);
      }
      case Kind::kConcat: {
        Frag f = compile(n.subs[0]);
        for (std::size_t i = 1; i < n.subs.size(); ++i) f = cat(f, compile(n.subs[i]));
        return f;
      }
      case Kind::kAlternate: {
        Frag f = compile(n.subs[0]);
        for (std::size_t i = 1; i < n.subs.size(); ++i) f = alt(f, compile(n.subs[i]));
        return f;
      }
      case Kind::kRepeat: return repeat(n);
    }
    return {};
  }

  void finish(Frag f) {
    if (too_large_) return;
    Frag match = inst(Op::kMatch);
    // The whole match is group 0.
    Frag whole = cat(cat(save(0), f), save(1));
    p_.start_ = cat(whole, match).start;
  }

 private:
  RegexProgram::Inst& at(std::uint32_t i) { return p_.insts_[i]; }

  Frag inst(Op op) {
    if (p_.insts_.size() >= kMaxRegexProgram) {
      too_large_ = true;
      return {};
    }
    p_.insts_.push_back({op, 0, 0});
    Frag f;
    f.start = static_cast<std::uint32_t>(p_.insts_.size() - 1);
    f.nullable = true;
    return f;
  }

  static PatchList hole(std::uint32_t i, bool arg) {
    std::uint32_t h = i * 2 + (arg ? 1 : 0);
    return {h, h};
  }

  std::uint32_t& field(std::uint32_t h) { return (h & 1) ? at(h >> 1).arg : at(h >> 1).out; }

  void patch(PatchList l, std::uint32_t target) {
    std::uint32_t h = l.head;
    while (h != 0) {
      std::uint32_t& f = field(h);
      std::uint32_t next = f;
      f = target;
      h = next;
    }
  }

  PatchList append(PatchList a, PatchList b) {
    if (a.head == 0) return b;
    if (b.head == 0) return a;
    field(a.tail) = b.head;
    return {a.head, b.tail};
  }

  Frag nop() {
    Frag f = inst(Op::kNop);
    if (f.start != 0) f.out = hole(f.start, false);
    return f;
  }

  Frag consuming(Op op, std::uint32_t arg) {
    Frag f = inst(op);
    if (f.start == 0) return f;
    at(f.start).arg = arg;
    f.out = hole(f.start, false);
    f.nullable = false;
    return f;
  }

  Frag runes(const RuneRanges& ranges) {
    if (ranges.empty()) return {};  // an empty class matches nothing
    if (ranges.size() == 1 && ranges[0].first == ranges[0].second) return consuming(Op::kRune1, ranges[0].first);
    if (ranges.size() == 1 && ranges[0].first == 0 && ranges[0].second == 0x10FFFF) return consuming(Op::kAny, 0);
    p_.classes_.push_back(ranges);
    return consuming(Op::kRunes, static_cast<std::uint32_t>(p_.classes_.size() - 1));
  }

  Frag save(int slot) {
    Frag f = inst(Op::kSave);
    if (f.start == 0) return f;
    at(f.start).arg = static_cast<std::uint32_t>(slot);
    f.out = hole(f.start, false);
    return f;
  }

  Frag cat(Frag a, Frag b) {
    if (a.start == 0 || b.start == 0) return {};
    patch(a.out, b.start);
    return {a.start, b.out, a.nullable && b.nullable};
  }

  Frag alt(Frag a, Frag b) {
    if (a.start == 0) return b;
    if (b.start == 0) return a;
    Frag f = inst(Op::kSplit);
    if (f.start == 0) return f;
    at(f.start).out = a.start;
    at(f.start).arg = b.start;
    f.out = append(a.out, b.out);
    f.nullable = a.nullable || b.nullable;
    return f;
  }

  // A split that prefers `a` (greedy) or the way on (lazy); the way on is the fragment's hole.
  Frag split_around(Frag a, bool greedy) {
    Frag f = inst(Op::kSplit);
    if (f.start == 0) return f;
    if (greedy) {
      at(f.start).out = a.start;
      f.out = hole(f.start, true);
    } else {
      at(f.start).arg = a.start;
      f.out = hole(f.start, false);
    }
    return f;
  }

  Frag quest(Frag a, bool greedy) {
    Frag f = split_around(a, greedy);
    if (f.start != 0) f.out = append(f.out, a.out);
    return f;
  }

  // The loop of a plus or a star: a, then a split back to a or on.
  Frag loop(Frag a, bool greedy) {
    Frag f = split_around(a, greedy);
    if (f.start != 0) patch(a.out, f.start);
    return f;
  }

  Frag plus(Frag a, bool greedy) { return {a.start, loop(a, greedy).out, a.nullable}; }

  Frag star(Frag a, bool greedy) {
    // (a+)? when a can match empty, for Go's priorities (golang.org/issue/46123).
    if (a.nullable) return quest(plus(a, greedy), greedy);
    return loop(a, greedy);
  }

  // Go's Simplify of x{min,max}: x{0} is empty, x{n,} is n-1 copies then x+, x{n,m} is n
  // copies then nested optional ones (x{2,5} = xx(x(x(x)?)?)?). Star, plus and quest of an
  // empty or same-shaped sub are the sub.
  Frag repeat(const RegexNode& n) {
    const RegexNode& sub = n.subs[0];
    if (n.min == 0 && n.max == 0) return nop();
    if (n.max == -1) {
      if (n.min <= 1) return repeat_one(n.min == 0 ? Shape::kStar : Shape::kPlus, n.greedy, sub);
      Frag f = compile(sub);
      for (int i = 1; i < n.min - 1; ++i) f = cat(f, compile(sub));
      return cat(f, repeat_one(Shape::kPlus, n.greedy, sub));
    }
    if (n.min == 1 && n.max == 1) return compile(sub);
    Frag prefix;
    bool have_prefix = n.min > 0;
    if (have_prefix) {
      prefix = compile(sub);
      for (int i = 1; i < n.min; ++i) prefix = cat(prefix, compile(sub));
    }
    if (n.max > n.min) {
      // Built innermost first: the last optional copy, then (x (that))? around it.
      Frag suffix = repeat_one(Shape::kQuest, n.greedy, sub);
      for (int i = n.min + 1; i < n.max; ++i) suffix = quest(cat(compile(sub), suffix), n.greedy);
      return have_prefix ? cat(prefix, suffix) : suffix;
    }
    return prefix;
  }

  // One star/plus/quest of `sub`, with simplify1's rules.
  Frag repeat_one(Shape op, bool greedy, const RegexNode& sub) {
    Shape s = simplified_repeat(op, greedy, sub);
    if (s == Shape::kEmpty || s == op) return compile(sub);
    Frag body = compile(sub);
    switch (op) {
      case Shape::kStar: return star(body, greedy);
      case Shape::kPlus: return plus(body, greedy);
      default: return quest(body, greedy);
    }
  }

  RegexProgram& p_;
  bool too_large_ = false;
};

Result<RegexProgram> RegexProgram::compile(const ParsedRegex& parsed, std::string_view pattern) {
  RegexProgram p;
  p.groups_ = parsed.groups;
  RegexCompiler c(p);
  c.finish(c.compile(parsed.root));
  std::size_t consuming = 0;
  for (const Inst& i : p.insts_) {
    if (i.op != Op::kSplit && i.op != Op::kNop && i.op != Op::kSave && i.op != Op::kAssert) ++consuming;
  }
  auto slots = static_cast<std::size_t>(2 * parsed.groups + 2);
  if (c.too_large() || consuming * slots > kMaxCaptureSlots) {
    return make_error(ErrorKind::kInvalidInput, "error parsing regexp: expression too large: `" + std::string(pattern) + "`");
  }
  return p;
}

namespace {

bool is_word_byte(std::string_view s, std::size_t i) { return i < s.size() && is_regex_word_char(s[i]); }

bool assertion_holds(std::uint32_t kind, std::string_view s, std::size_t pos) {
  switch (static_cast<Kind>(kind)) {
    case Kind::kBeginText: return pos == 0;
    case Kind::kEndText: return pos == s.size();
    case Kind::kBeginLine: return pos == 0 || s[pos - 1] == '\n';
    case Kind::kEndLine: return pos == s.size() || s[pos] == '\n';
    case Kind::kWordBoundary: return (pos > 0 && is_word_byte(s, pos - 1)) != is_word_byte(s, pos);
    case Kind::kNoWordBoundary: return (pos > 0 && is_word_byte(s, pos - 1)) == is_word_byte(s, pos);
    default: return false;
  }
}

bool in_ranges(const RuneRanges& ranges, char32_t r) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), r,
                             [](char32_t x, const std::pair<char32_t, char32_t>& range) { return x < range.first; });
  return it != ranges.begin() && r <= std::prev(it)->second;
}

}  // namespace

RegexMatcher::RegexMatcher(const RegexProgram& program, std::size_t ncap, std::uint64_t max_steps)
    : program_(program), ncap_(ncap), steps_left_(max_steps), max_steps_(max_steps), start_cap_(ncap, -1) {
  std::size_t n = program.insts().size();
  for (Queue* q : {&run_, &next_}) {
    q->sparse.assign(n, 0);
    q->dense.assign(n, 0);
  }
}

bool RegexMatcher::charge(std::uint64_t steps) {
  if (steps > steps_left_) {
    steps_left_ = 0;
    return false;
  }
  steps_left_ -= steps;
  return true;
}

bool RegexMatcher::add(Queue& q, std::uint32_t pc0, std::size_t pos, long* cap, std::string_view s) {
  const auto& insts = program_.insts();
  stack_.clear();
  stack_.push_back({pc0, false, 0});
  while (!stack_.empty()) {
    StackEntry e = stack_.back();
    stack_.pop_back();
    if (e.restore) {
      cap[e.pc_or_slot] = e.value;
      continue;
    }
    if (!charge(1)) return false;
    std::uint32_t pc = e.pc_or_slot;
    if (pc == 0 || q.contains(pc)) continue;
    std::uint32_t j = q.size++;
    q.sparse[pc] = j;
    q.dense[j] = pc;
    const RegexProgram::Inst& i = insts[pc];
    switch (i.op) {
      case Op::kFail: break;
      case Op::kSplit:
        stack_.push_back({i.arg, false, 0});
        stack_.push_back({i.out, false, 0});
        break;
      case Op::kNop: stack_.push_back({i.out, false, 0}); break;
      case Op::kAssert:
        if (assertion_holds(i.arg, s, pos)) stack_.push_back({i.out, false, 0});
        break;
      case Op::kSave:
        if (i.arg < ncap_) {
          stack_.push_back({i.arg, true, cap[i.arg]});
          cap[i.arg] = static_cast<long>(pos);
        }
        stack_.push_back({i.out, false, 0});
        break;
      default:  // consuming instructions and kMatch keep the thread's captures
        if (ncap_ > 0) {
          if (!charge(ncap_ / 16)) return false;
          std::size_t need = (static_cast<std::size_t>(j) + 1) * ncap_;
          if (q.caps.size() < need) q.caps.resize(std::max(need, q.caps.size() * 2));
          std::copy(cap, cap + ncap_, q.caps.begin() + static_cast<long>(j * ncap_));
        }
    }
  }
  return true;
}

Result<bool> RegexMatcher::search(std::string_view s, std::size_t pos, std::vector<long>& caps) {
  const auto& insts = program_.insts();
  const auto& classes = program_.classes();
  auto out_of_steps = [&]() {
    return make_error(ErrorKind::kInvalidInput, "regexp matching took more than sidecarctl's limit of " +
                                                    std::to_string(max_steps_) + " steps");
  };
  caps.assign(ncap_, -1);
  bool matched = false;
  run_.size = 0;
  next_.size = 0;
  while (true) {
    if (run_.size == 0 && matched) break;
    if (!matched) {
      std::fill(start_cap_.begin(), start_cap_.end(), -1);
      if (ncap_ > 0) start_cap_[0] = static_cast<long>(pos);
      if (!add(run_, program_.start(), pos, start_cap_.data(), s)) return out_of_steps();
    }
    bool at_end = pos >= s.size();
    Rune r = at_end ? Rune{0, 0} : decode_rune(s, pos);
    std::size_t next_pos = pos + r.width;
    if (!charge(run_.size)) return out_of_steps();
    for (std::uint32_t j = 0; j < run_.size; ++j) {
      const RegexProgram::Inst& i = insts[run_.dense[j]];
      // Only consuming instructions and kMatch have slots stored (by add).
      auto thread_caps = [&]() { return ncap_ > 0 ? run_.caps.data() + static_cast<long>(j * ncap_) : nullptr; };
      bool advance = false;
      switch (i.op) {
        case Op::kMatch:
          if (ncap_ > 0) {
            long* cap = thread_caps();
            cap[1] = static_cast<long>(pos);
            std::copy(cap, cap + ncap_, caps.begin());
          }
          matched = true;
          j = run_.size;  // leftmost-first: lower-priority threads are cut off
          continue;
        case Op::kRune1: advance = !at_end && r.value == i.arg; break;
        case Op::kRunes: advance = !at_end && in_ranges(classes[i.arg], r.value); break;
        case Op::kAny: advance = !at_end; break;
        case Op::kAnyNotNL: advance = !at_end && r.value != '\n'; break;
        default: break;  // epsilon instructions were followed when the thread was added
      }
      if (advance && !add(next_, i.out, next_pos, thread_caps(), s)) return out_of_steps();
    }
    run_.size = 0;
    if (at_end) break;
    if (ncap_ == 0 && matched) break;  // any match will do
    pos = next_pos;
    std::swap(run_, next_);
  }
  // A match found becomes a result (a list element, a replacement): it costs more than a step,
  // which bounds the memory of all of a FindAll's results along with its time.
  if (matched && !charge(kStepsPerMatch)) return out_of_steps();
  return matched;
}

}  // namespace sidecarctl::gotemplate
