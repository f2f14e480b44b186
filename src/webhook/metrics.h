// The webhook's counters and latency histogram, rendered in Prometheus' text exposition format
// (version 0.0.4) for /metrics. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace sidecarctl::webhook {

class Metrics {
 public:
  // Upper bounds of the latency histogram's buckets, in seconds (+Inf comes on top).
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1.0,   2.5,   5.0,  10.0};

  // One HTTP request: its endpoint ("/inject", "/healthz", ..., "other"), result (see
  // outcome_name, or "ok"/"not_found"), status code; `seconds` goes to the histogram for /inject.
  void record_request(std::string_view endpoint, std::string_view result, int status, double seconds);

  // An injection answered with a patch kept for an equal pod (PatchCache).
  void record_patch_reused();

  // A settings reload attempt (files or ConfigMaps changed, or a poll failed).
  void record_settings_reload(bool ok);

  // A certificate reload attempt (the files changed on disk).
  void record_certificate_reload(bool ok);

  // An error outside requests' results (e.g. "settings_reload", "certificate_reload", "tls_handshake").
  void record_error(std::string_view kind);

  // Whether injection settings are loaded (the readiness gauge).
  void set_ready(bool ready);

  // Everything, in the text exposition format.
  std::string render() const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> requests_;  // (endpoint, result)
  std::map<int, std::uint64_t> responses_;                                 // status code
  std::array<std::uint64_t, kBuckets.size()> buckets_{};                   // not cumulative
  std::uint64_t patches_reused_ = 0;
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::map<std::string, std::uint64_t> settings_reloads_;     // success | failure
  std::map<std::string, std::uint64_t> certificate_reloads_;  // success | failure
  std::map<std::string, std::uint64_t> errors_;
  bool ready_ = false;
};

}  // namespace sidecarctl::webhook
