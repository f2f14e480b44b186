// Masterminds/semver v3.2.0 versions and constraints, and sprig's semver/semverCompare functions.
#include "gotemplate/sprig_semver.h"

#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {
namespace {

// The library's patterns, matched by hand. Go's RE2 runs them in linear time; std::regex
// backtracked exponentially on some constraints (a 168-byte one took 12 s) and recursed once per
// character (a 200 KB one overflowed the stack). With S = [\t\n\f\r ], A = [0-9A-Za-z-] and
// N = [0-9] in versions, [0-9|xX*] in constraints:
//   version      v?N+(\.N+)?(\.N+)?(-A+(\.A+)*)?(\+A+(\.A+)*)?
//   constraint   S*(OP)S*(version)S*          OP = "" = != > < >= => <= =< ~ ~> ^
//   alternative  constraint((S+|,S*)constraint)*
//   range        S*(version)S+-S+(version)S*
// Every quantifier here is greedy and never gives back (what follows cannot start with what it
// took), so one left-to-right pass decides a match.

bool is_space_char(char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space_char(s[i])) ++i;
  return i;
}

// The groups of a version match: minor and patch keep their dot, pre and metadata lose their sign.
struct VersionMatch {
  std::size_t end = 0;
  std::string_view text, major, minor, patch, pre, metadata;
};

// Version matches at any start of one string, each in constant time after a linear setup.
class VersionScanner {
 public:
  VersionScanner(std::string_view s, bool constraint) : s_(s), constraint_(constraint) {
    number_end_.resize(s.size() + 1);
    dotted_end_.resize(s.size() + 1);
    for (std::size_t i = s.size(); i-- > 0;) {
      number_end_[i] = !is_number(i) ? i : is_number(i + 1) ? number_end_[i + 1] : i + 1;
      if (!is_alnum(i)) {
        dotted_end_[i] = i;
      } else if (is_alnum(i + 1)) {
        dotted_end_[i] = dotted_end_[i + 1];
      } else {
        dotted_end_[i] = at(i + 1) == '.' && is_alnum(i + 2) ? dotted_end_[i + 2] : i + 1;
      }
    }
  }

  // The longest version at `begin`, if one starts there.
  std::optional<VersionMatch> match(std::size_t begin) const {
    VersionMatch m;
    std::size_t i = begin;
    if (at(i) == 'v') ++i;
    if (!is_number(i)) return std::nullopt;
    m.major = span(i, number_end_[i]);
    i = number_end_[i];
    for (std::string_view* part : {&m.minor, &m.patch}) {
      if (at(i) != '.' || !is_number(i + 1)) break;
      *part = span(i, number_end_[i + 1]);
      i = number_end_[i + 1];
    }
    for (auto [sign, part] : {std::pair{'-', &m.pre}, std::pair{'+', &m.metadata}}) {
      if (at(i) != sign || !is_alnum(i + 1)) continue;
      *part = span(i + 1, dotted_end_[i + 1]);
      i = dotted_end_[i + 1];
    }
    m.end = i;
    m.text = span(begin, i);
    return m;
  }

 private:
  char at(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  bool is_number(std::size_t i) const {
    char c = at(i);
    return (c >= '0' && c <= '9') || (constraint_ && (c == '|' || c == 'x' || c == 'X' || c == '*'));
  }
  bool is_alnum(std::size_t i) const {
    char c = at(i);
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  }
  std::string_view span(std::size_t from, std::size_t to) const { return s_.substr(from, to - from); }

  std::string_view s_;
  bool constraint_;
  std::vector<std::size_t> number_end_;  // end of the run of N from i
  std::vector<std::size_t> dotted_end_;  // end of A+(\.A+)* from i
};

// The length of the operator at `i` ("" is one), the longest first: no version or space starts
// with an operator's character, so a shorter operator never leads to a match the longer one misses.
std::size_t operator_length(std::string_view s, std::size_t i) {
  for (std::string_view op : {"!=", ">=", "=>", "<=", "=<", "~>", "=", ">", "<", "~", "^"}) {
    if (s.substr(i, op.size()) == op) return op.size();
  }
  return 0;
}

// A constraint of an alternative: its operator and version.
struct ConstraintMatch {
  std::string_view op;
  VersionMatch version;
};

// The constraints of `alternative`, or nullopt when the whole does not match the alternative
// pattern. These are the matches findConstraintRegex.FindAllString gives on a valid alternative.
std::optional<std::vector<ConstraintMatch>> match_alternative(std::string_view s) {
  VersionScanner versions(s, true);
  std::vector<ConstraintMatch> out;
  std::size_t i = skip_spaces(s, 0);
  for (;;) {
    std::size_t op = operator_length(s, i);
    std::optional<VersionMatch> v = versions.match(skip_spaces(s, i + op));
    if (!v) return std::nullopt;
    out.push_back({s.substr(i, op), *v});
    i = skip_spaces(s, v->end);
    if (i == s.size()) return out;
    if (s[i] == ',') {
      i = skip_spaces(s, i + 1);
    } else if (i == v->end) {
      return std::nullopt;  // neither spaces nor a comma after the version
    }
  }
}

bool only(std::string_view s, std::string_view allowed) {
  return s.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr std::string_view kNum = "0123456789";
constexpr std::string_view kAllowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789";

Error sem_error(std::string message) { return make_error(ErrorKind::kInvalidInput, std::move(message)); }

Result<std::uint64_t> parse_segment(std::string_view digits) {
  auto v = parse_go_int(digits, 10);
  if (!v || *v < 0) {
    return sem_error("Error parsing version segment: strconv.ParseUint: parsing \"" + std::string(digits) +
                     "\": value out of range");
  }
  return static_cast<std::uint64_t>(*v);
}

int compare_pre_part(const std::string& s, const std::string& o) {
  if (s == o) return 0;
  if (s.empty()) return o.empty() ? 1 : -1;
  if (o.empty()) return 1;
  auto oi = parse_go_int(o, 10);
  auto si = parse_go_int(s, 10);
  bool o_num = oi && *oi >= 0;
  bool s_num = si && *si >= 0;
  if (!o_num && !s_num) return s > o ? 1 : -1;
  if (!o_num) return -1;
  if (!s_num) return 1;
  return *si > *oi ? 1 : -1;
}

int compare_pre(const std::string& a, const std::string& b) {
  auto sp = go_split(a, ".");
  auto op = go_split(b, ".");
  std::size_t n = std::max(sp.size(), op.size());
  for (std::size_t i = 0; i < n; ++i) {
    int d = compare_pre_part(i < sp.size() ? sp[i] : "", i < op.size() ? op[i] : "");
    if (d != 0) return d;
  }
  return 0;
}

bool is_x(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

// The matches of the range pattern, left to right, as FindAllStringSubmatch gives them: the whole
// match and its two versions.
struct RangeMatch {
  std::string_view whole, from, to;
};

std::vector<RangeMatch> find_ranges(std::string_view s, const VersionScanner& versions) {
  std::vector<RangeMatch> out;
  std::size_t resume = 0;  // where the search for the next match starts
  for (std::size_t token = skip_spaces(s, 0); token < s.size();) {
    std::size_t token_end = token;
    while (token_end < s.size() && !is_space_char(s[token_end])) ++token_end;
    // A version ends at a space, so a first version is a tail of this token, and " - " follows it.
    std::size_t dash = skip_spaces(s, token_end);
    if (dash > token_end && dash + 1 < s.size() && s[dash] == '-' && is_space_char(s[dash + 1])) {
      std::optional<VersionMatch> from;
      std::size_t from_begin = token;
      for (; from_begin < token_end; ++from_begin) {
        from = versions.match(from_begin);
        if (from && from->end == token_end) break;
        from.reset();
      }
      std::optional<VersionMatch> to = versions.match(skip_spaces(s, dash + 1));
      if (from && to) {
        // The match takes the spaces before its first version too when that starts the token.
        std::size_t begin = from_begin == token ? resume : from_begin;
        std::size_t end = skip_spaces(s, to->end);
        out.push_back({s.substr(begin, end - begin), from->text, to->text});
        resume = end;
        token = skip_spaces(s, end);
        continue;
      }
    }
    resume = token_end;
    token = skip_spaces(s, token_end);
  }
  return out;
}

// Masterminds' rewriteRange: "A - B" becomes ">= A, <= B" (each match replaces the first
// occurrence of its text, as Go's strings.Replace with n = 1).
std::string rewrite_range(const std::string& in) {
  std::string out = in;
  VersionScanner versions(in, true);
  for (const RangeMatch& m : find_ranges(in, versions)) {
    std::string replacement = ">= " + std::string(m.from) + ", <= " + std::string(m.to);
    std::size_t at = out.find(m.whole);
    if (at != std::string::npos) out.replace(at, m.whole.size(), replacement);
  }
  return out;
}

// Masterminds' parseConstraint on one constraint of a valid alternative.
Result<SemConstraints::Single> parse_single(const ConstraintMatch& m) {
  SemConstraints::Single c;
  c.op = std::string(m.op);
  const VersionMatch& v = m.version;
  auto joined = [](std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view part : parts) out += part;
    return out;
  };
  std::string ver(v.text);
  std::string_view dash = v.pre.empty() ? "" : "-";
  if (is_x(v.major)) {
    ver = joined({"0.0.0", dash, v.pre});
    c.dirty = true;
  } else if (v.minor.empty() || is_x(v.minor.substr(1))) {
    c.minor_dirty = true;
    c.dirty = true;
    ver = joined({v.major, ".0.0", dash, v.pre});
  } else if (v.patch.empty() || is_x(v.patch.substr(1))) {
    c.dirty = true;
    c.patch_dirty = true;
    ver = joined({v.major, v.minor, ".0", dash, v.pre});
  }
  auto parsed = parse_sem_version(ver);
  if (!parsed) return sem_error("constraint Parser Error");
  c.con = std::move(parsed).value();
  return c;
}

bool check_single(const SemConstraints::Single& c, const SemVersion& v) {
  const SemVersion& con = c.con;
  bool pre_blocked = !v.pre.empty() && con.pre.empty();
  const std::string& op = c.op;
  if (op == "!=") {
    if (c.dirty) {
      if (pre_blocked) return false;
      if (con.major != v.major) return true;
      if (con.minor != v.minor && !c.minor_dirty) return true;
      if (c.minor_dirty) return false;
      if (con.patch != v.patch && !c.patch_dirty) return true;
      if (c.patch_dirty) {
        if (!v.pre.empty() || !con.pre.empty()) return compare_pre(v.pre, con.pre) != 0;
        return false;
      }
    }
    return v.compare(con) != 0;
  }
  if (pre_blocked) return false;
  auto tilde = [&]() {
    if (v.compare(con) < 0) return false;
    if (con.major == 0 && con.minor == 0 && con.patch == 0 && !c.minor_dirty && !c.patch_dirty) return true;
    if (v.major != con.major) return false;
    if (v.minor != con.minor && !c.minor_dirty) return false;
    return true;
  };
  if (op.empty() || op == "=") return c.dirty ? tilde() : v.compare(con) == 0;
  if (op == "~" || op == "~>") return tilde();
  if (op == ">") {
    if (!c.dirty) return v.compare(con) == 1;
    if (v.major > con.major) return true;
    if (v.major < con.major || c.minor_dirty) return false;
    if (c.patch_dirty) return v.minor > con.minor;
    return v.compare(con) == 1;
  }
  if (op == "<") return v.compare(con) < 0;
  if (op == ">=" || op == "=>") return v.compare(con) >= 0;
  if (op == "<=" || op == "=<") {
    if (!c.dirty) return v.compare(con) <= 0;
    if (v.major > con.major) return false;
    if (v.major == con.major && v.minor > con.minor && !c.minor_dirty) return false;
    return true;
  }
  if (op == "^") {
    if (v.compare(con) < 0) return false;
    if (con.major > 0 || c.minor_dirty) return v.major == con.major;
    if (con.major == 0 && v.major > 0) return false;
    if (con.minor > 0 || c.patch_dirty) return v.minor == con.minor;
    if (con.minor == 0 && v.minor > 0) return false;
    return con.patch == v.patch;
  }
  return false;
}

// The *semver.Version a template gets from `semver`.
class VersionObject : public Object {
 public:
  explicit VersionObject(SemVersion v) : v_(std::move(v)) {}
  std::string go_type_name() const override { return "*semver.Version"; }
  std::optional<Value> field(std::string_view name) const override {
    if (name == "Major") return Value::from_int64(static_cast<std::int64_t>(v_.major));
    if (name == "Minor") return Value::from_int64(static_cast<std::int64_t>(v_.minor));
    if (name == "Patch") return Value::from_int64(static_cast<std::int64_t>(v_.patch));
    if (name == "Prerelease") return Value::from_string(v_.pre);
    if (name == "Metadata") return Value::from_string(v_.metadata);
    if (name == "Original") return Value::from_string(v_.original);
    if (name == "String") return Value::from_string(v_.to_string());
    return std::nullopt;
  }
  std::optional<std::string> string_method() const override { return v_.to_string(); }
  Json to_json() const override { return v_.to_string(); }

 private:
  SemVersion v_;
};

}  // namespace

std::string SemVersion::to_string() const {
  std::string out = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  if (!pre.empty()) out += "-" + pre;
  if (!metadata.empty()) out += "+" + metadata;
  return out;
}

int SemVersion::compare(const SemVersion& o) const {
  if (major != o.major) return major < o.major ? -1 : 1;
  if (minor != o.minor) return minor < o.minor ? -1 : 1;
  if (patch != o.patch) return patch < o.patch ? -1 : 1;
  if (pre.empty() && o.pre.empty()) return 0;
  if (pre.empty()) return 1;
  if (o.pre.empty()) return -1;
  return compare_pre(pre, o.pre);
}

Result<SemVersion> parse_sem_version(std::string_view text) {
  std::optional<VersionMatch> m = VersionScanner(text, false).match(0);
  if (!m || m->end != text.size()) return sem_error("Invalid Semantic Version");
  SemVersion v;
  v.original = std::string(text);
  v.pre = std::string(m->pre);
  v.metadata = std::string(m->metadata);
  TRY_ASSIGN(v.major, parse_segment(m->major));
  if (!m->minor.empty()) {
    TRY_ASSIGN(v.minor, parse_segment(m->minor.substr(1)));
  }
  if (!m->patch.empty()) {
    TRY_ASSIGN(v.patch, parse_segment(m->patch.substr(1)));
  }
  if (!v.pre.empty()) {
    for (const auto& part : go_split(v.pre, ".")) {
      if (only(part, kNum)) {
        if (part.size() > 1 && part[0] == '0') return sem_error("Version segment starts with 0");
      } else if (!only(part, kAllowed)) {
        return sem_error("Invalid Prerelease string");
      }
    }
  }
  if (!v.metadata.empty()) {
    for (const auto& part : go_split(v.metadata, ".")) {
      if (!only(part, kAllowed)) return sem_error("Invalid Metadata string");
    }
  }
  return v;
}

Result<SemConstraints> SemConstraints::parse(std::string_view text) {
  SemConstraints cs;
  std::string rewritten = rewrite_range(std::string(text));
  for (const std::string& alternative : go_split(rewritten, "||")) {
    std::optional<std::vector<ConstraintMatch>> parts = match_alternative(alternative);
    if (!parts) return sem_error("improper constraint: " + alternative);
    std::vector<Single> group;
    for (const ConstraintMatch& part : *parts) {
      TRY_ASSIGN(Single c, parse_single(part));
      group.push_back(std::move(c));
    }
    cs.ors_.push_back(std::move(group));
  }
  return cs;
}

bool SemConstraints::check(const SemVersion& v) const {
  for (const auto& group : ors_) {
    bool all = true;
    for (const Single& c : group) {
      if (!check_single(c, v)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

void register_sprig_semver(FunctionMap& m) {
  using Args = std::span<const Value>;
  m.add("semver", {Param::kString}, false, [](CallContext&, Args a) {
    auto v = parse_sem_version(a[0].as_string());
    if (!v) throw_function_error(v.error().message);
    return Value::from_object(std::make_shared<const VersionObject>(std::move(v).value()));
  });
  m.add("semverCompare", {Param::kString, Param::kString}, false, [](CallContext&, Args a) {
    auto c = SemConstraints::parse(a[0].as_string());
    if (!c) throw_function_error(c.error().message);
    auto v = parse_sem_version(a[1].as_string());
    if (!v) throw_function_error(v.error().message);
    return Value::from_bool(c->check(*v));
  });
}

}  // namespace sidecarctl::gotemplate
