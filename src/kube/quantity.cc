#include "kube/quantity.h"

#include "yaml/go_format.h"

#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

namespace sidecarctl::kube {
namespace {

constexpr const char* kFormatWrong =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr const char* kSuffix = "unable to parse quantity's suffix";

Error quantity_error(const char* message) { return make_error(ErrorKind::kInvalidInput, message); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The pieces of a quantity string, as apimachinery's scanner splits it.
struct Pieces {
  bool positive = true;
  std::string_view num;     // integer digits without leading zeros ("0" when none)
  std::string_view denom;   // fraction digits
  std::string_view suffix;  // everything after the number
};

std::optional<Pieces> scan(std::string_view s) {
  Pieces p;
  std::size_t pos = 0;
  const std::size_t end = s.size();
  if (pos < end && (s[0] == '-' || s[0] == '+')) {
    p.positive = s[0] == '+';
    ++pos;
  }
  while (pos < end && s[pos] == '0') ++pos;
  if (pos >= end) {
    p.num = "0";
    return p;
  }
  std::size_t i = pos;
  while (i < end && is_digit(s[i])) ++i;
  p.num = i == pos ? std::string_view("0") : s.substr(pos, i - pos);
  if (i >= end) return p;
  pos = i;
  if (s[pos] == '.') {
    ++pos;
    i = pos;
    while (i < end && is_digit(s[i])) ++i;
    p.denom = s.substr(pos, i - pos);
    if (i >= end) return p;
    pos = i;
  }
  const std::size_t suffix_start = pos;
  while (pos < end && std::strchr("eEinumkKMGTP", s[pos]) != nullptr) ++pos;
  if (pos >= end) {
    p.suffix = s.substr(suffix_start);
    return p;
  }
  if (s[pos] == '-' || s[pos] == '+') ++pos;
  while (pos < end && is_digit(s[pos])) ++pos;
  if (pos < end) return std::nullopt;  // a character that belongs nowhere
  p.suffix = s.substr(suffix_start);
  return p;
}

struct SuffixInfo {
  int base;      // 10 or 2
  int exponent;  // power of the base
  QuantityFormat format;
};

constexpr std::array<std::pair<std::string_view, int>, 10> kDecimalSuffixes = {{
    {"n", -9}, {"u", -6}, {"m", -3}, {"", 0}, {"k", 3}, {"M", 6}, {"G", 9}, {"T", 12}, {"P", 15}, {"E", 18},
}};
constexpr std::array<std::pair<std::string_view, int>, 6> kBinarySuffixes = {{
    {"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}, {"Pi", 50}, {"Ei", 60},
}};

std::optional<SuffixInfo> interpret(std::string_view suffix) {
  for (const auto& [name, exp] : kDecimalSuffixes) {
    if (name == suffix) return SuffixInfo{10, exp, QuantityFormat::kDecimalSI};
  }
  for (const auto& [name, exp] : kBinarySuffixes) {
    if (name == suffix) return SuffixInfo{2, exp, QuantityFormat::kBinarySI};
  }
  if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string_view digits = suffix.substr(1);
    if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);  // strconv.ParseInt takes a '+'
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
    if (value > std::numeric_limits<std::int32_t>::max() / 2 || value < std::numeric_limits<std::int32_t>::min() / 2) {
      return std::nullopt;  // far outside anything representable; avoids overflow below
    }
    return SuffixInfo{10, static_cast<int>(value), QuantityFormat::kDecimalExponent};
  }
  return std::nullopt;
}

void strip_leading_zeros(std::string& digits) {
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits = "0";
  } else if (first > 0) {
    digits.erase(0, first);
  }
}

// digits *= factor (factor small).
void multiply_small(std::string& digits, unsigned factor) {
  unsigned carry = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    const unsigned v = static_cast<unsigned>(*it - '0') * factor + carry;
    *it = static_cast<char>('0' + v % 10);
    carry = v / 10;
  }
  while (carry > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + carry % 10));
    carry /= 10;
  }
}

// digits += 1.
void increment(std::string& digits) {
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it != '9') {
      ++*it;
      return;
    }
    *it = '0';
  }
  digits.insert(digits.begin(), '1');
}

// Compares |digits * 10^scale| with the non-negative integer `literal`: -1, 0 or 1.
int compare_with(const std::string& digits, std::int32_t scale, std::string_view literal) {
  if (digits == "0") return literal == "0" ? 0 : -1;
  const std::int64_t int_len = static_cast<std::int64_t>(digits.size()) + scale;
  if (int_len > static_cast<std::int64_t>(literal.size())) return 1;
  if (int_len < static_cast<std::int64_t>(literal.size())) return -1;
  // Same number of integer digits: compare them, then any fraction makes it larger.
  for (std::size_t i = 0; i < literal.size(); ++i) {
    const char d = i < digits.size() ? digits[i] : '0';
    if (d != literal[i]) return d < literal[i] ? -1 : 1;
  }
  return scale < 0 ? 1 : 0;
}

}  // namespace

Result<Quantity> Quantity::parse(std::string_view text) {
  if (text.empty()) return quantity_error(kFormatWrong);
  Quantity q;
  if (text == "0") {
    q.cached_ = "0";
    return q;
  }
  const std::optional<Pieces> pieces = scan(text);
  if (!pieces) return quantity_error(kFormatWrong);
  const std::optional<SuffixInfo> suffix = interpret(pieces->suffix);
  if (!suffix) return quantity_error(kSuffix);

  q.negative_ = !pieces->positive;
  q.format_ = suffix->format;
  q.digits_.assign(pieces->num);
  q.digits_.append(pieces->denom);
  strip_leading_zeros(q.digits_);
  q.scale_ = -static_cast<std::int32_t>(pieces->denom.size());

  // apimachinery's int64 fast path keeps the input text when it is already canonical.
  const std::size_t num_digits = pieces->num.size() + pieces->denom.size();
  int precision = -1;
  if (suffix->format == QuantityFormat::kBinarySI) {
    if (pieces->denom.empty()) {
      precision = 15 - static_cast<int>(pieces->num.size()) - suffix->exponent * 3 / 10 - 1;
    }
  } else {
    precision = 18 - static_cast<int>(num_digits);
  }
  const std::int32_t fast_scale =
      (suffix->format == QuantityFormat::kBinarySI ? 0 : suffix->exponent) - static_cast<std::int32_t>(pieces->denom.size());
  if (precision >= 0 && fast_scale >= -9) {
    const std::string shifted = std::string(pieces->num) + std::string(pieces->denom);
    std::int64_t value = 0;
    std::from_chars(shifted.data(), shifted.data() + shifted.size(), value);  // at most 18 digits
    bool fits = true;
    if (suffix->format == QuantityFormat::kBinarySI) {
      fits = value <= (std::numeric_limits<std::int64_t>::max() >> suffix->exponent);
    }
    if (fits) {
      bool canonical = false;
      if (suffix->format == QuantityFormat::kBinarySI) {
        canonical = suffix->exponent % 10 == 0 && (value & 0x07) != 0;
      } else {
        canonical = fast_scale % 3 == 0 && !(shifted.size() >= 3 && shifted.ends_with("000")) && shifted[0] != '0';
      }
      if (canonical) q.cached_.assign(text);
    }
  }

  if (suffix->base == 10) {
    q.scale_ += suffix->exponent;
  } else {
    for (int i = 0; i < suffix->exponent / 10; ++i) multiply_small(q.digits_, 1024);
  }
  if (q.digits_ == "0") {
    q.scale_ = 0;
  } else {
    while (q.digits_.size() > 1 && q.digits_.back() == '0') {
      q.digits_.pop_back();
      ++q.scale_;
    }
    // Round away from zero to nano precision ("if you want some resources, you get some").
    if (q.scale_ < -9) {
      const std::size_t drop = static_cast<std::size_t>(-9 - q.scale_);
      if (drop >= q.digits_.size()) {
        q.digits_ = "1";
      } else {
        q.digits_.resize(q.digits_.size() - drop);  // the dropped digits end in a non-zero one
        increment(q.digits_);
        strip_leading_zeros(q.digits_);
      }
      q.scale_ = -9;
      while (q.digits_.size() > 1 && q.digits_.back() == '0') {
        q.digits_.pop_back();
        ++q.scale_;
      }
    }
  }
  if (q.format_ == QuantityFormat::kBinarySI) {
    constexpr std::string_view kMax = "9223372036854775807";
    if (compare_with(q.digits_, q.scale_, kMax) > 0) {
      q.digits_ = std::string(kMax);
      q.scale_ = 0;
      q.cached_.clear();
    }
    if (!q.is_zero() && compare_with(q.digits_, q.scale_, "1") < 0) q.format_ = QuantityFormat::kDecimalSI;
  }
  if (q.is_zero()) q.negative_ = false;
  return q;
}

bool Quantity::is_zero() const { return digits_ == "0"; }

std::string Quantity::to_string() const {
  if (!cached_.empty()) return cached_;
  if (is_zero()) return "0";
  std::string out = negative_ ? "-" : "";
  QuantityFormat format = format_;
  if (format == QuantityFormat::kBinarySI) {
    // Small or fractional binary quantities print as decimal ones, to avoid rounding.
    if (compare_with(digits_, scale_, "1024") < 0 || scale_ < 0) format = QuantityFormat::kDecimalSI;
  }
  if (format == QuantityFormat::kBinarySI) {
    std::uint64_t value = 0;
    std::from_chars(digits_.data(), digits_.data() + digits_.size(), value);
    for (std::int32_t i = 0; i < scale_; ++i) value *= 10;  // capped below 2^63 when parsed
    int times = 0;
    while (value >= 1024 && value % 1024 == 0 && times < 6) {
      value /= 1024;
      ++times;
    }
    out += std::to_string(value);
    if (times > 0) out += kBinarySuffixes[static_cast<std::size_t>(times - 1)].first;
    return out;
  }
  // Decimal: the exponent goes down to a multiple of 3, the mantissa takes the zeros.
  std::string digits = digits_;
  std::int32_t exponent = scale_;
  while (exponent % 3 != 0) {
    digits.push_back('0');
    --exponent;
  }
  out += digits;
  if (format == QuantityFormat::kDecimalExponent) {
    if (exponent != 0) out += "e" + std::to_string(exponent);
    return out;
  }
  for (const auto& [name, exp] : kDecimalSuffixes) {
    if (exp == exponent) {
      out += name;
      break;
    }
  }
  return out;  // an exponent beyond E prints without a suffix, as apimachinery does
}

Result<std::string> canonical_quantity(std::string_view text) {
  // The same few quantities come back in every pod and every normalisation of it: their
  // canonical texts are kept per thread (a pure function of the text; errors are not kept).
  constexpr std::size_t kKept = 256;
  thread_local std::unordered_map<std::string, std::string> canonical;
  if (auto it = canonical.find(std::string(text)); it != canonical.end()) return it->second;
  TRY_ASSIGN(Quantity q, Quantity::parse(text));
  std::string out = q.to_string();
  if (canonical.size() >= kKept) canonical.clear();
  canonical.emplace(std::string(text), out);
  return out;
}

Result<std::string> canonical_quantity(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return std::string("0");
    case nlohmann::json::value_t::string: {
      std::string_view text = value.get_ref<const std::string&>();
      const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
      while (!text.empty() && space(text.front())) text.remove_prefix(1);
      while (!text.empty() && space(text.back())) text.remove_suffix(1);
      return canonical_quantity(text);
    }
    case nlohmann::json::value_t::number_integer:
      return canonical_quantity(std::string_view(std::to_string(value.get<std::int64_t>())));
    case nlohmann::json::value_t::number_unsigned:
      return canonical_quantity(std::string_view(std::to_string(value.get<std::uint64_t>())));
    case nlohmann::json::value_t::number_float:
      return canonical_quantity(std::string_view(yaml::format_float_json(value.get<double>())));
    default:
      return quantity_error(kFormatWrong);
  }
}

}  // namespace sidecarctl::kube
