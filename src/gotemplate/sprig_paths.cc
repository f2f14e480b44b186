// sprig's path and filepath functions (Go's path package; filepath is the same on Linux) and the
// URL functions urlParse/urlJoin (Go's net/url Parse and URL.String, sprig's dict keys).
#include <string>

#include "gotemplate/sprig.h"
#include "gotemplate/sprig_support.h"
#include "gotemplate/sprig_text.h"

namespace sidecarctl::gotemplate {
namespace {

using Args = std::span<const Value>;

struct Url {
  std::string scheme, opaque, userinfo, host, path, raw_query, fragment;
  bool has_user = false;
  bool force_query = false;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// url.unescape (path/fragment mode: '+' stays '+'); throws Go's error text.
std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0) {
      std::string bad(s.substr(i, std::min<std::size_t>(3, s.size() - i)));
      throw_function_error("invalid URL escape \"" + bad + "\"");
    }
    out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
    i += 2;
  }
  return out;
}

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

// url.escape for a path, fragment or host: `keep` lists the reserved characters left as they are.
std::string escape(std::string_view s, std::string_view keep) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (unreserved(c) || keep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

[[noreturn]] void parse_error(std::string_view raw, const std::string& why) {
  throw_function_error("unable to parse url: parse \"" + std::string(raw) + "\": " + why);
}

Url parse_url(std::string_view raw) {
  Url u;
  std::string_view rest = raw;
  try {
    if (auto hash = rest.find('#'); hash != std::string_view::npos) {
      u.fragment = unescape(rest.substr(hash + 1));
      rest = rest.substr(0, hash);
    }
    if (rest == "*") {
      u.path = "*";
      return u;
    }
    for (std::size_t i = 0; i < rest.size(); ++i) {
      char c = rest[i];
      bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (letter) continue;
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) break;
        continue;
      }
      if (c == ':') {
        if (i == 0) parse_error(raw, "missing protocol scheme");
        u.scheme = go_to_lower(rest.substr(0, i));
        rest = rest.substr(i + 1);
      }
      break;
    }
    if (auto q = rest.find('?'); q != std::string_view::npos) {
      u.raw_query = std::string(rest.substr(q + 1));
      u.force_query = u.raw_query.empty();
      rest = rest.substr(0, q);
    }
    if (!rest.starts_with("/")) {
      if (!u.scheme.empty()) {
        u.opaque = std::string(rest);
        return u;
      }
      std::string_view segment = rest.substr(0, rest.find('/'));
      if (segment.find(':') != std::string_view::npos) parse_error(raw, "first path segment in URL cannot contain colon");
    }
    if ((!u.scheme.empty() || !rest.starts_with("///")) && rest.starts_with("//")) {
      std::string_view authority = rest.substr(2);
      std::size_t slash = authority.find('/');
      rest = slash == std::string_view::npos ? std::string_view() : authority.substr(slash);
      authority = authority.substr(0, slash);
      if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        u.has_user = true;
        u.userinfo = std::string(authority.substr(0, at));
        authority = authority.substr(at + 1);
      }
      u.host = unescape(authority);
    }
    u.path = unescape(rest);
  } catch (const FunctionError& e) {
    std::string what = e.what();
    if (what.starts_with("unable to parse url")) throw;
    parse_error(raw, what);
  }
  return u;
}

std::string hostname(const std::string& host) {
  if (host.starts_with("[")) {
    std::size_t close = host.find(']');
    return close == std::string::npos ? host.substr(1) : host.substr(1, close - 1);
  }
  std::size_t colon = host.rfind(':');
  return colon == std::string::npos ? host : host.substr(0, colon);
}

std::string url_string(const Url& u) {
  std::string out;
  if (!u.scheme.empty()) out += u.scheme + ":";
  if (!u.opaque.empty()) {
    out += u.opaque;
  } else {
    if (!u.scheme.empty() || !u.host.empty() || u.has_user) {
      if (!u.host.empty() || !u.path.empty() || u.has_user) out += "//";
      if (u.has_user) out += u.userinfo + "@";
      out += escape(u.host, "!$&'()*+,;=:[]<>\"");
    }
    std::string path = escape(u.path, "$&+,/:;=@!'()*");
    if (!path.empty() && path[0] != '/' && !u.host.empty()) out += '/';
    if (out.empty()) {
      std::string_view segment = std::string_view(path).substr(0, path.find('/'));
      if (segment.find(':') != std::string_view::npos) out += "./";
    }
    out += path;
  }
  if (u.force_query || !u.raw_query.empty()) out += "?" + u.raw_query;
  if (!u.fragment.empty()) out += "#" + escape(u.fragment, "$&+,/:;=@!'()*?");
  return out;
}

std::string dict_string(const Value& d, const std::string& key) {
  if (d.kind() != Value::Kind::kMap) return "";
  auto v = d.map_find(key);
  if (!v) return "";
  if (v->kind() != Value::Kind::kString) {
    throw_function_error("unable to parse " + key + " key, must be of type string, but " + go_kind_name(*v) + " found");
  }
  return std::string(v->as_string());
}

}  // namespace

void register_sprig_paths(FunctionMap& m) {
  using P = Param;
  for (std::string prefix : {"", "os"}) {
    auto name = [&](const char* n) {
      std::string s = prefix.empty() ? n : prefix + n;
      if (!prefix.empty()) s[2] = static_cast<char>(s[2] - 'a' + 'A');
      return s;
    };
    m.add(name("base"), {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(go_path_base(a[0].as_string())); });
    m.add(name("dir"), {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(go_path_dir(a[0].as_string())); });
    m.add(name("clean"), {P::kString}, false,
          [](CallContext&, Args a) { return Value::from_string(go_path_clean(a[0].as_string())); });
    m.add(name("ext"), {P::kString}, false, [](CallContext&, Args a) { return Value::from_string(go_path_ext(a[0].as_string())); });
    m.add(name("isAbs"), {P::kString}, false, [](CallContext&, Args a) { return Value::from_bool(go_path_is_abs(a[0].as_string())); });
  }
  m.add("urlParse", {P::kString}, false, [](CallContext&, Args a) {
    Url u = parse_url(a[0].as_string());
    Map out;
    out["scheme"] = Value::from_string(u.scheme);
    out["host"] = Value::from_string(u.host);
    out["hostname"] = Value::from_string(hostname(u.host));
    out["path"] = Value::from_string(u.path);
    out["query"] = Value::from_string(u.raw_query);
    out["opaque"] = Value::from_string(u.opaque);
    out["fragment"] = Value::from_string(u.fragment);
    out["userinfo"] = Value::from_string(u.userinfo);
    return Value::from_map(std::move(out));
  });
  m.add("urlJoin", {P::kMap}, false, [](CallContext&, Args a) {
    Url u;
    u.scheme = dict_string(a[0], "scheme");
    u.host = dict_string(a[0], "host");
    u.path = dict_string(a[0], "path");
    u.raw_query = dict_string(a[0], "query");
    u.opaque = dict_string(a[0], "opaque");
    u.fragment = dict_string(a[0], "fragment");
    u.userinfo = dict_string(a[0], "userinfo");
    u.has_user = !u.userinfo.empty();
    return Value::from_string(url_string(u));
  });
}

}  // namespace sidecarctl::gotemplate
