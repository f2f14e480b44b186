// API Status errors.
#include "kube/api_status.h"
#include "yaml/json_fields.h"

#include <nlohmann/json.hpp>

namespace sidecarctl::kube {

std::string_view http_reason(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

Error status_error(long status, std::string_view body, const std::string& method, const std::string& path) {
  std::string code = std::to_string(status);
  if (!http_reason(status).empty()) code += " " + std::string(http_reason(status));
  ErrorKind kind = status == 404 ? ErrorKind::kNotFound : ErrorKind::kRemote;
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_object() && yaml::string_field_or(doc, "kind") == "Status" && doc.contains("message") && doc["message"].is_string() &&
      !doc["message"].get<std::string>().empty()) {
    std::string message = doc["message"].get<std::string>();
    if (status == 401) message = "you must be logged in to the server: " + message;
    return make_error(kind, message + " (" + code + ")");
  }
  std::string text;
  for (char c : body.substr(0, 200)) text += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  std::string message = "the server answered " + code + " to " + method + " " + path;
  if (status == 401) message = "you must be logged in to the server: " + message;
  if (!text.empty()) message += ": " + text + (body.size() > 200 ? "..." : "");
  return make_error(kind, message);
}

std::string status_reason(std::string_view body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || yaml::string_field_or(doc, "kind") != "Status") return "";
  return yaml::string_field_or(doc, "reason");
}

}  // namespace sidecarctl::kube
