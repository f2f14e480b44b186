// Result<T>: a value or an Error, with std::expected's member names (C++23 is not available on GCC 12).
#pragma once

#include <cassert>
#include <memory>
#include <utility>
#include <variant>

#include "base/error.h"

namespace sidecarctl {

// Wraps an Error so that `return Unexpected(err);` converts into any Result<T>.
struct Unexpected {
  Error error;
  explicit Unexpected(Error e) : error(std::move(e)) {}
};

// Either a T or an Error. Access to the wrong alternative is a programming error (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}
  Result(Error e) : state_(std::in_place_index<1>, std::move(e)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(state_); }
  const T& value() const& { assert(has_value()); return std::get<0>(state_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & { assert(!has_value()); return std::get<1>(state_); }
  const Error& error() const& { assert(!has_value()); return std::get<1>(state_); }
  Error&& error() && { assert(!has_value()); return std::get<1>(std::move(state_)); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error. Success is one null pointer, cheap to make, return and
// destroy in the recursive walks that return it at every step; an Error lives on the heap.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : error_(std::make_unique<Error>(std::move(u.error))) {}
  Result(Error e) : error_(std::make_unique<Error>(std::move(e))) {}
  Result(const Result& other) : error_(other.error_ ? std::make_unique<Error>(*other.error_) : nullptr) {}
  Result(Result&&) noexcept = default;
  Result& operator=(const Result& other) {
    if (this != &other) error_ = other.error_ ? std::make_unique<Error>(*other.error_) : nullptr;
    return *this;
  }
  Result& operator=(Result&&) noexcept = default;
  ~Result() = default;

  bool has_value() const { return error_ == nullptr; }
  explicit operator bool() const { return has_value(); }
  Error& error() & {
    assert(error_);
    return *error_;
  }
  const Error& error() const& {
    assert(error_);
    return *error_;
  }
  Error&& error() && {
    assert(error_);
    return std::move(*error_);
  }

 private:
  std::unique_ptr<Error> error_;
};

}  // namespace sidecarctl

// Evaluates a Result expression; on error returns the error from the enclosing function.
#define SIDECARCTL_TRY_CONCAT_(a, b) a##b
#define SIDECARCTL_TRY_NAME_(line) SIDECARCTL_TRY_CONCAT_(try_result_, line)
#define TRY(expr)                                                  \
  do {                                                             \
    auto&& SIDECARCTL_TRY_NAME_(__LINE__) = (expr);                \
    if (!SIDECARCTL_TRY_NAME_(__LINE__).has_value())               \
      return ::sidecarctl::Unexpected(                             \
          std::move(SIDECARCTL_TRY_NAME_(__LINE__)).error());      \
  } while (false)

// Declares `var` from a Result expression's value, or returns its error.
#define TRY_ASSIGN(var, expr)                                      \
  auto&& SIDECARCTL_TRY_NAME_(__LINE__) = (expr);                  \
  if (!SIDECARCTL_TRY_NAME_(__LINE__).has_value())                 \
    return ::sidecarctl::Unexpected(                               \
        std::move(SIDECARCTL_TRY_NAME_(__LINE__)).error());        \
  var = std::move(SIDECARCTL_TRY_NAME_(__LINE__)).value()
