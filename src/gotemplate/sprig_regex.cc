// Go's regexp API over sidecarctl's engine (regex_syntax, regex_program): compile errors in
// Go's words and Go's loops for FindAll, ReplaceAll, Split and Expand.
#include "gotemplate/sprig_regex.h"

#include <algorithm>

#include "gotemplate/regex_program.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {
namespace {

std::size_t rune_width_at(std::string_view s, std::size_t pos) {
  return pos < s.size() ? decode_rune(s, pos).width : 1;
}

GoRegex::Match to_match(const std::vector<long>& caps) {
  GoRegex::Match m;
  for (std::size_t i = 0; i + 1 < caps.size(); i += 2) {
    if (caps[i] < 0 || caps[i + 1] < 0) {
      m.emplace_back(-1, -1);
    } else {
      m.emplace_back(caps[i], caps[i + 1]);
    }
  }
  return m;
}

}  // namespace

Result<GoRegex> GoRegex::compile(std::string_view pattern) {
  TRY_ASSIGN(ParsedRegex parsed, parse_regex(pattern));
  TRY_ASSIGN(RegexProgram program, RegexProgram::compile(parsed, pattern));
  GoRegex re;
  re.expr_ = std::string(pattern);
  re.names_ = std::move(parsed.names);
  re.program_ = std::make_shared<const RegexProgram>(std::move(program));
  return re;
}

std::size_t GoRegex::slots_for_groups() const { return static_cast<std::size_t>(2 * program_->groups() + 2); }

Result<bool> GoRegex::match(std::string_view s) const {
  RegexMatcher m(*program_, 0, kMaxSteps);
  std::vector<long> caps;
  auto found = m.search(s, 0, caps);
  steps_taken_ += m.steps_taken();
  return found;
}

Result<std::vector<GoRegex::Match>> GoRegex::find_all(std::string_view s, int n, std::size_t ncap) const {
  RegexMatcher matcher(*program_, ncap, kMaxSteps);
  std::vector<Match> out;
  if (n < 0) n = static_cast<int>(std::min<std::size_t>(s.size() + 1, 0x7fffffff));
  long prev_end = -1;
  std::size_t pos = 0;
  std::vector<long> caps;
  while (static_cast<int>(out.size()) < n && pos <= s.size()) {
    TRY_ASSIGN(bool found, matcher.search(s, pos, caps));
    if (!found) break;
    bool accept = true;
    if (caps[1] == static_cast<long>(pos)) {
      if (caps[0] == prev_end) accept = false;
      pos += rune_width_at(s, pos);
    } else {
      pos = static_cast<std::size_t>(caps[1]);
    }
    prev_end = caps[1];
    if (accept) out.push_back(to_match(caps));
  }
  steps_taken_ += matcher.steps_taken();
  return out;
}

void GoRegex::expand(std::string& out, std::string_view tmpl, std::string_view src, const Match& m) const {
  auto group = [&](int i) {
    if (i < 0 || static_cast<std::size_t>(i) >= m.size() || m[static_cast<std::size_t>(i)].first < 0) return;
    auto [b, e] = m[static_cast<std::size_t>(i)];
    out.append(src.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b)));
  };
  while (!tmpl.empty()) {
    std::size_t dollar = tmpl.find('$');
    if (dollar == std::string_view::npos) break;
    out.append(tmpl.substr(0, dollar));
    tmpl.remove_prefix(dollar);
    if (tmpl.size() > 1 && tmpl[1] == '$') {
      out += '$';
      tmpl.remove_prefix(2);
      continue;
    }
    // extract: $name or ${name}; a malformed reference leaves '$' as text.
    std::string_view name;
    std::size_t used = 0;
    if (tmpl.size() > 1 && tmpl[1] == '{') {
      std::size_t i = 2;
      while (i < tmpl.size() && is_regex_word_char(tmpl[i])) ++i;
      if (i < tmpl.size() && tmpl[i] == '}' && i > 2) {
        name = tmpl.substr(2, i - 2);
        used = i + 1;
      }
    } else {
      std::size_t i = 1;
      while (i < tmpl.size() && is_regex_word_char(tmpl[i])) ++i;
      if (i > 1) {
        name = tmpl.substr(1, i - 1);
        used = i;
      }
    }
    if (used == 0) {
      out += '$';
      tmpl.remove_prefix(1);
      continue;
    }
    tmpl.remove_prefix(used);
    bool numeric = name.find_first_not_of("0123456789") == std::string_view::npos;
    if (numeric) {
      if (name.size() < 9) group(std::stoi(std::string(name)));
    } else if (auto it = names_.find(name); it != names_.end()) {
      group(it->second);
    }
  }
  out.append(tmpl);
}

Result<std::string> GoRegex::replace_all(std::string_view s, std::string_view repl, bool literal) const {
  // Go tracks every group only when the replacement can refer to one.
  bool expands = !literal && repl.find('$') != std::string_view::npos;
  RegexMatcher matcher(*program_, expands ? slots_for_groups() : 2, kMaxSteps);
  std::string out;
  std::size_t last_end = 0;
  std::size_t search = 0;
  std::vector<long> caps;
  while (search <= s.size()) {
    TRY_ASSIGN(bool found, matcher.search(s, search, caps));
    if (!found) break;
    auto b = static_cast<std::size_t>(caps[0]);
    auto e = static_cast<std::size_t>(caps[1]);
    out.append(s.substr(last_end, b - last_end));
    if (e > last_end || b == 0) {
      if (expands) {
        expand(out, repl, s, to_match(caps));
      } else {
        out.append(repl);
      }
    }
    if (out.size() > kMaxFunctionResult) return make_error(ErrorKind::kInvalidInput, result_too_large_message(out.size()));
    last_end = e;
    std::size_t width = rune_width_at(s, search);
    if (search + width > e) {
      search += width;
    } else if (search + 1 > e) {
      ++search;
    } else {
      search = e;
    }
  }
  out.append(s.substr(std::min(last_end, s.size())));
  if (out.size() > kMaxFunctionResult) return make_error(ErrorKind::kInvalidInput, result_too_large_message(out.size()));
  steps_taken_ += matcher.steps_taken();
  return out;
}

Result<std::vector<std::string>> GoRegex::split(std::string_view s, int n) const {
  std::vector<std::string> parts;
  if (n == 0) return parts;
  if (!expr_.empty() && s.empty()) return std::vector<std::string>{""};
  TRY_ASSIGN(std::vector<Match> matches, find_all(s, n, 2));
  std::size_t beg = 0;
  std::size_t end = 0;
  for (const Match& m : matches) {
    if (n > 0 && static_cast<int>(parts.size()) == n - 1) break;
    end = static_cast<std::size_t>(m[0].first);
    if (m[0].second != 0) parts.emplace_back(s.substr(beg, end - beg));
    beg = static_cast<std::size_t>(m[0].second);
  }
  if (end != s.size()) parts.emplace_back(s.substr(beg));
  return parts;
}

std::string go_quote_meta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace sidecarctl::gotemplate
