// Tests for the metrics' text exposition.
#include "webhook/metrics.h"

#include <doctest/doctest.h>

namespace sidecarctl::webhook {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.starts_with(line + "\n");
}

TEST_CASE("requests, histogram, reloads and errors") {
  Metrics m;
  m.record_request("/inject", "injected", 200, 0.002);
  m.record_request("/inject", "injected", 200, 0.0004);
  m.record_request("/inject", "bad_request", 415, 20.0);
  m.record_request("/healthz", "ok", 200, 0.0);
  m.record_patch_reused();
  m.record_settings_reload(true);
  m.record_settings_reload(false);
  m.record_certificate_reload(true);
  m.record_error("tls\"x");
  m.set_ready(true);
  std::string text = m.render();
  CAPTURE(text);
  CHECK(has_line(text, "# TYPE sidecarctl_webhook_requests_total counter"));
  CHECK(has_line(text, "sidecarctl_webhook_requests_total{endpoint=\"/inject\",result=\"injected\"} 2"));
  CHECK(has_line(text, "sidecarctl_webhook_requests_total{endpoint=\"/healthz\",result=\"ok\"} 1"));
  CHECK(has_line(text, "sidecarctl_webhook_responses_total{code=\"415\"} 1"));
  CHECK(has_line(text, "sidecarctl_webhook_inject_duration_seconds_bucket{le=\"0.0005\"} 1"));
  CHECK(has_line(text, "sidecarctl_webhook_inject_duration_seconds_bucket{le=\"0.0025\"} 2"));
  CHECK(has_line(text, "sidecarctl_webhook_inject_duration_seconds_bucket{le=\"10\"} 2"));
  CHECK(has_line(text, "sidecarctl_webhook_inject_duration_seconds_bucket{le=\"+Inf\"} 3"));
  CHECK(has_line(text, "sidecarctl_webhook_inject_duration_seconds_count 3"));
  CHECK(has_line(text, "sidecarctl_webhook_patches_reused_total 1"));
  CHECK(has_line(text, "sidecarctl_webhook_settings_reloads_total{result=\"success\"} 1"));
  CHECK(has_line(text, "sidecarctl_webhook_settings_reloads_total{result=\"failure\"} 1"));
  CHECK(has_line(text, "sidecarctl_webhook_certificate_reloads_total{result=\"success\"} 1"));
  CHECK(has_line(text, "sidecarctl_webhook_errors_total{kind=\"settings_reload\"} 1"));
  CHECK(has_line(text, "sidecarctl_webhook_errors_total{kind=\"tls\\\"x\"} 1"));
  CHECK(has_line(text, "sidecarctl_webhook_ready 1"));
}

}  // namespace
}  // namespace sidecarctl::webhook
