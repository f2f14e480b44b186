// Prometheus metrics of the webhook (see metrics.h).
#include "webhook/metrics.h"

#include <fmt/format.h>

namespace sidecarctl::webhook {
namespace {

// A label value escaped as the exposition format wants (backslash, double quote, line feed).
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void counter_by(std::string& out, std::string_view name, std::string_view key,
                const std::map<std::string, std::uint64_t>& values) {
  for (const auto& [k, v] : values) out += fmt::format("{}{{{}=\"{}\"}} {}\n", name, key, label(k), v);
}

}  // namespace

void Metrics::record_request(std::string_view endpoint, std::string_view result, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(endpoint), std::string(result)}];
  ++responses_[status];
  if (endpoint != "/inject") return;
  ++latency_count_;
  latency_sum_ += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++buckets_[i];
      break;
    }
  }
}

void Metrics::record_patch_reused() {
  std::lock_guard lock(mu_);
  ++patches_reused_;
}

void Metrics::record_settings_reload(bool ok) {
  std::lock_guard lock(mu_);
  ++settings_reloads_[ok ? "success" : "failure"];
  if (!ok) ++errors_["settings_reload"];
}

void Metrics::record_certificate_reload(bool ok) {
  std::lock_guard lock(mu_);
  ++certificate_reloads_[ok ? "success" : "failure"];
  if (!ok) ++errors_["certificate_reload"];
}

void Metrics::record_error(std::string_view kind) {
  std::lock_guard lock(mu_);
  ++errors_[std::string(kind)];
}

void Metrics::set_ready(bool ready) {
  std::lock_guard lock(mu_);
  ready_ = ready;
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  header(out, "sidecarctl_webhook_requests_total", "counter", "HTTP requests by endpoint and result.");
  for (const auto& [key, v] : requests_) {
    out += fmt::format("sidecarctl_webhook_requests_total{{endpoint=\"{}\",result=\"{}\"}} {}\n", label(key.first),
                       label(key.second), v);
  }
  header(out, "sidecarctl_webhook_responses_total", "counter", "HTTP responses by status code.");
  for (const auto& [code, v] : responses_) {
    out += fmt::format("sidecarctl_webhook_responses_total{{code=\"{}\"}} {}\n", code, v);
  }
  header(out, "sidecarctl_webhook_inject_duration_seconds", "histogram",
         "Time to answer an injection request, from its headers read to its answer.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += buckets_[i];
    out += fmt::format("sidecarctl_webhook_inject_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i], cumulative);
  }
  out += fmt::format("sidecarctl_webhook_inject_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", latency_count_);
  out += fmt::format("sidecarctl_webhook_inject_duration_seconds_sum {}\n", latency_sum_);
  out += fmt::format("sidecarctl_webhook_inject_duration_seconds_count {}\n", latency_count_);
  header(out, "sidecarctl_webhook_patches_reused_total", "counter",
         "Injections answered with the patch kept for an equal pod on the same path.");
  out += fmt::format("sidecarctl_webhook_patches_reused_total {}\n", patches_reused_);
  header(out, "sidecarctl_webhook_settings_reloads_total", "counter",
         "Injection settings reloads after a change, by result.");
  counter_by(out, "sidecarctl_webhook_settings_reloads_total", "result", settings_reloads_);
  header(out, "sidecarctl_webhook_certificate_reloads_total", "counter",
         "Serving certificate reloads after the files changed, by result.");
  counter_by(out, "sidecarctl_webhook_certificate_reloads_total", "result", certificate_reloads_);
  header(out, "sidecarctl_webhook_errors_total", "counter", "Errors outside request results, by kind.");
  counter_by(out, "sidecarctl_webhook_errors_total", "kind", errors_);
  header(out, "sidecarctl_webhook_ready", "gauge", "1 when injection settings are loaded.");
  out += fmt::format("sidecarctl_webhook_ready {}\n", ready_ ? 1 : 0);
  return out;
}

}  // namespace sidecarctl::webhook
