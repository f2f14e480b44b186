// For tests only: an HttpTransport that answers from a script and remembers every request (a fake
// at the seam, as ninja's src/test.h; no mocking framework). Not part of the kube library.
#pragma once

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "kube/http_transport.h"

namespace sidecarctl::kube {

class FakeTransport : public HttpTransport {
 public:
  std::deque<HttpResponse> answers;  // the next answers, in order; 500 when they run out
  std::vector<HttpRequest> requests;

  HttpResponse send(const HttpRequest& request) override {
    requests.push_back(request);
    if (answers.empty()) return reply(500, "no more scripted answers");
    HttpResponse r = answers.front();
    answers.pop_front();
    return r;
  }
  static HttpResponse reply(long status, std::string body, Headers headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
  }
  static HttpResponse failure(TransportFailure why, std::string message) {
    HttpResponse r;
    r.failure = why;
    r.failure_message = std::move(message);
    return r;
  }
};

}  // namespace sidecarctl::kube
