// Masterminds/semver v3.2.0 versions and constraints, and sprig's semver/semverCompare functions.
#include "gotemplate/sprig_semver.h"

#include <regex>

#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {
namespace {

// The library's patterns (Go RE2 there; these are plain enough to mean the same in ECMAScript).
const std::string kSpace = "[\\t\\n\\f\\r ]";
const std::string kVersion =
    "v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
const std::string kConstraintVersion =
    "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
    "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
const std::string kOps = "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^";

const std::regex& version_regex() {
  static const std::regex re("^" + kVersion + "$");
  return re;
}
const std::regex& constraint_regex() {
  static const std::regex re("^" + kSpace + "*(" + kOps + ")" + kSpace + "*(" + kConstraintVersion + ")" + kSpace + "*$");
  return re;
}
const std::regex& range_regex() {
  static const std::regex re(kSpace + "*(" + kConstraintVersion + ")" + kSpace + "+-" + kSpace + "+(" +
                             kConstraintVersion + ")" + kSpace + "*");
  return re;
}
const std::regex& find_regex() {
  static const std::regex re("(" + kOps + ")" + kSpace + "*(" + kConstraintVersion + ")");
  return re;
}
const std::regex& valid_regex() {
  static const std::regex re("^(" + kSpace + "*(" + kOps + ")" + kSpace + "*(" + kConstraintVersion + ")" + kSpace +
                             "*)((?:" + kSpace + "+|," + kSpace + "*)(" + kOps + ")" + kSpace + "*(" +
                             kConstraintVersion + ")" + kSpace + "*)*$");
  return re;
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

std::string rewrite_range(const std::string& in) {
  std::string out = in;
  for (auto it = std::sregex_iterator(in.begin(), in.end(), range_regex()); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    std::string replacement = ">= " + m[1].str() + ", <= " + m[11].str();
    std::size_t at = out.find(m[0].str());
    if (at != std::string::npos) out.replace(at, m[0].length(), replacement);
  }
  return out;
}

Result<SemConstraints::Single> parse_single(const std::string& text) {
  SemConstraints::Single c;
  std::smatch m;
  if (!std::regex_search(text, m, constraint_regex())) return sem_error("improper constraint: " + text);
  c.op = m[1].str();
  std::string ver = m[2].str();
  std::string major = m[3].str();
  std::string minor = m[4].str();
  std::string patch = m[5].str();
  std::string pre = m[6].str();
  if (is_x(major) || major.empty()) {
    ver = "0.0.0" + pre;
    c.dirty = true;
  } else if (minor.empty() || is_x(minor.substr(1))) {
    c.minor_dirty = true;
    c.dirty = true;
    ver = major + ".0.0" + pre;
  } else if (patch.empty() || is_x(patch.substr(1))) {
    c.dirty = true;
    c.patch_dirty = true;
    ver = major + minor + ".0" + pre;
  }
  auto v = parse_sem_version(ver);
  if (!v) return sem_error("constraint Parser Error");
  c.con = std::move(v).value();
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
  std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, version_regex())) return sem_error("Invalid Semantic Version");
  SemVersion v;
  v.original = s;
  v.pre = m[5].str();
  v.metadata = m[8].str();
  TRY_ASSIGN(v.major, parse_segment(m[1].str()));
  if (m[2].length() > 0) {
    TRY_ASSIGN(v.minor, parse_segment(m[2].str().substr(1)));
  }
  if (m[3].length() > 0) {
    TRY_ASSIGN(v.patch, parse_segment(m[3].str().substr(1)));
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
    if (!std::regex_match(alternative, valid_regex())) return sem_error("improper constraint: " + alternative);
    std::vector<std::string> parts;
    for (auto it = std::sregex_iterator(alternative.begin(), alternative.end(), find_regex());
         it != std::sregex_iterator(); ++it) {
      parts.push_back(it->str());
    }
    if (parts.empty()) parts.push_back(alternative);
    std::vector<Single> group;
    for (const std::string& part : parts) {
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
