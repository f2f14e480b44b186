// sprig's numeric functions (numeric.go and the arithmetic of functions.go): integer math through
// spf13/cast with Go's wrapping int64 arithmetic, float math through shopspring/decimal semantics.
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

#include "gotemplate/go_fmt.h"
#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"

namespace sidecarctl::gotemplate {
namespace {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

using Args = std::span<const Value>;

std::int64_t wrap_add(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
std::int64_t wrap_sub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t wrap_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

std::int64_t checked_div(std::int64_t a, std::int64_t b, bool mod) {
  if (b == 0) throw_function_error("runtime error: integer divide by zero");
  if (b == -1) return mod ? 0 : wrap_sub(0, a);
  return mod ? a % b : a / b;
}

// A decimal number coefficient * 10^exponent, as shopspring/decimal builds it from a float64
// (the shortest decimal that round-trips).
struct Decimal {
  Int128 coefficient = 0;
  int exponent = 0;
};

Decimal decimal_from_float(double f) {
  if (std::isnan(f) || std::isinf(f)) {
    throw_function_error("Cannot create a Decimal from " + format_float(f, 'g', -1));
  }
  std::array<char, 64> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), f, std::chars_format::scientific);
  std::string_view text(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
  std::size_t e = text.find('e');
  std::string_view mantissa = text.substr(0, e);
  int exp10 = std::atoi(std::string(text.substr(e + 1)).c_str());
  Decimal d;
  bool neg = false;
  int frac_digits = 0;
  bool after_dot = false;
  for (char c : mantissa) {
    if (c == '-') {
      neg = true;
    } else if (c == '.') {
      after_dot = true;
    } else {
      d.coefficient = d.coefficient * 10 + (c - '0');
      if (after_dot) ++frac_digits;
    }
  }
  d.exponent = exp10 - frac_digits;
  if (neg) d.coefficient = -d.coefficient;
  return d;
}

double decimal_to_float(const Decimal& d) {
  Int128 c = d.coefficient;
  bool neg = c < 0;
  if (neg) c = -c;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(c % 10)));
    c /= 10;
  } while (c > 0);
  std::string text = (neg ? "-" : "") + digits + "e" + std::to_string(d.exponent);
  return std::strtod(text.c_str(), nullptr);
}

constexpr Int128 kLimit = static_cast<Int128>(1) << 120;

// Scales `d` to `exponent` (<= d.exponent); false when the coefficient would overflow.
bool rescale(Decimal& d, int exponent) {
  while (d.exponent > exponent) {
    if (d.coefficient > kLimit / 10 || d.coefficient < -kLimit / 10) return false;
    d.coefficient *= 10;
    --d.exponent;
  }
  return true;
}

enum class Op { kAdd, kSub, kMul, kDiv };

// One decimal operation; exact for add/sub/mul when the coefficients fit, the quotient rounded to
// 16 decimal places as decimal.Div does. Falls back to double arithmetic beyond 120-bit coefficients.
double decimal_op(double x, double y, Op op) {
  Decimal a = decimal_from_float(x);
  Decimal b = decimal_from_float(y);
  switch (op) {
    case Op::kAdd:
    case Op::kSub: {
      int exponent = std::min(a.exponent, b.exponent);
      if (!rescale(a, exponent) || !rescale(b, exponent)) return op == Op::kAdd ? x + y : x - y;
      Decimal r{op == Op::kAdd ? a.coefficient + b.coefficient : a.coefficient - b.coefficient, exponent};
      return decimal_to_float(r);
    }
    case Op::kMul: {
      auto fits = [](Int128 v) { return v < (static_cast<Int128>(1) << 62) && v > -(static_cast<Int128>(1) << 62); };
      if (!fits(a.coefficient) || !fits(b.coefficient)) return x * y;
      return decimal_to_float(Decimal{a.coefficient * b.coefficient, a.exponent + b.exponent});
    }
    case Op::kDiv: {
      if (b.coefficient == 0) throw_function_error("decimal division by zero");
      long double q = static_cast<long double>(x) / static_cast<long double>(y);
      std::array<char, 512> buf{};
      std::snprintf(buf.data(), buf.size(), "%.16Lf", q);
      return std::strtod(buf.data(), nullptr);
    }
  }
  return 0;
}

double decimal_fold(const Value& first, Args rest, Op op) {
  double acc = decimal_to_float(decimal_from_float(cast_to_float64(first)));
  for (const Value& v : rest) acc = decimal_op(acc, cast_to_float64(v), op);
  return acc;
}

// sprig's round: away from the floor when the fraction reaches `round_on` (.5 by default).
double sprig_round(double val, int places, double round_on) {
  double pow = std::pow(10.0, static_cast<double>(places));
  double digit = pow * val;
  double whole = 0;
  double frac = std::modf(digit, &whole);
  double rounded = frac >= round_on ? std::ceil(digit) : std::floor(digit);
  return rounded / pow;
}

std::int64_t to_decimal(const Value& v) {
  return parse_go_int(to_go_string(v), 8).value_or(0);
}

std::int64_t random_int(std::int64_t lo, std::int64_t hi) {
  if (hi - lo <= 0) throw_function_error("invalid argument to Intn");
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> dist(0, hi - lo - 1);
  return dist(engine) + lo;
}

}  // namespace

void register_sprig_math(FunctionMap& m) {
  using P = Param;
  m.add("atoi", {P::kString}, false, [](CallContext&, Args a) {
    std::string_view s = a[0].as_string();
    auto v = parse_go_int(s, 10);
    // strconv.Atoi: base 10 only, int range (64-bit).
    return Value::from_int(v.value_or(0));
  });
  m.add("int64", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_int64(cast_to_int64(a[0])); });
  m.add("int", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_int(cast_to_int64(a[0])); });
  m.add("float64", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_float(cast_to_float64(a[0])); });
  m.add("toDecimal", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_int64(to_decimal(a[0])); });
  m.add("add1", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_int64(wrap_add(cast_to_int64(a[0]), 1)); });
  m.add("add", {P::kAny}, true, [](CallContext&, Args a) {
    std::int64_t sum = 0;
    for (const Value& v : a) sum = wrap_add(sum, cast_to_int64(v));
    return Value::from_int64(sum);
  });
  m.add("sub", {P::kAny, P::kAny}, false,
        [](CallContext&, Args a) { return Value::from_int64(wrap_sub(cast_to_int64(a[0]), cast_to_int64(a[1]))); });
  m.add("div", {P::kAny, P::kAny}, false, [](CallContext&, Args a) {
    return Value::from_int64(checked_div(cast_to_int64(a[0]), cast_to_int64(a[1]), false));
  });
  m.add("mod", {P::kAny, P::kAny}, false, [](CallContext&, Args a) {
    return Value::from_int64(checked_div(cast_to_int64(a[0]), cast_to_int64(a[1]), true));
  });
  m.add("mul", {P::kAny, P::kAny}, true, [](CallContext&, Args a) {
    std::int64_t product = cast_to_int64(a[0]);
    for (std::size_t i = 1; i < a.size(); ++i) product = wrap_mul(product, cast_to_int64(a[i]));
    return Value::from_int64(product);
  });
  m.add("randInt", {P::kInt, P::kInt}, false,
        [](CallContext&, Args a) { return Value::from_int(random_int(a[0].as_int(), a[1].as_int())); });
  m.add("add1f", {P::kAny}, false, [](CallContext&, Args a) {
    Value one = Value::from_int(1);
    return Value::from_float(decimal_fold(a[0], std::span<const Value>(&one, 1), Op::kAdd));
  });
  m.add("addf", {P::kAny}, true, [](CallContext&, Args a) {
    return Value::from_float(decimal_fold(Value::from_float(0), a, Op::kAdd));
  });
  m.add("subf", {P::kAny, P::kAny}, true,
        [](CallContext&, Args a) { return Value::from_float(decimal_fold(a[0], a.subspan(1), Op::kSub)); });
  m.add("mulf", {P::kAny, P::kAny}, true,
        [](CallContext&, Args a) { return Value::from_float(decimal_fold(a[0], a.subspan(1), Op::kMul)); });
  m.add("divf", {P::kAny, P::kAny}, true,
        [](CallContext&, Args a) { return Value::from_float(decimal_fold(a[0], a.subspan(1), Op::kDiv)); });
  for (const char* name : {"biggest", "max"}) {
    m.add(name, {P::kAny, P::kAny}, true, [](CallContext&, Args a) {
      std::int64_t best = cast_to_int64(a[0]);
      for (std::size_t i = 1; i < a.size(); ++i) best = std::max(best, cast_to_int64(a[i]));
      return Value::from_int64(best);
    });
  }
  m.add("min", {P::kAny, P::kAny}, true, [](CallContext&, Args a) {
    std::int64_t best = cast_to_int64(a[0]);
    for (std::size_t i = 1; i < a.size(); ++i) best = std::min(best, cast_to_int64(a[i]));
    return Value::from_int64(best);
  });
  m.add("maxf", {P::kAny, P::kAny}, true, [](CallContext&, Args a) {
    double best = cast_to_float64(a[0]);
    for (std::size_t i = 1; i < a.size(); ++i) best = std::fmax(best, cast_to_float64(a[i]));
    return Value::from_float(best);
  });
  m.add("minf", {P::kAny, P::kAny}, true, [](CallContext&, Args a) {
    double best = cast_to_float64(a[0]);
    for (std::size_t i = 1; i < a.size(); ++i) best = std::fmin(best, cast_to_float64(a[i]));
    return Value::from_float(best);
  });
  m.add("floor", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_float(std::floor(cast_to_float64(a[0]))); });
  m.add("ceil", {P::kAny}, false, [](CallContext&, Args a) { return Value::from_float(std::ceil(cast_to_float64(a[0]))); });
  m.add("round", {P::kAny, P::kInt, P::kFloat64}, true, [](CallContext&, Args a) {
    double round_on = a.size() > 2 ? a[2].as_float() : 0.5;
    return Value::from_float(sprig_round(cast_to_float64(a[0]), static_cast<int>(a[1].as_int()), round_on));
  });
}

}  // namespace sidecarctl::gotemplate
