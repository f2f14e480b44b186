// The shared checks of Istio's validation: names, hosts, addresses, ports, labels, exportTo, and
// the Go formatting the messages need.
#include "analyze/validate_names.h"

#include <doctest/doctest.h>

#include "analyze/validate_values.h"

namespace sidecarctl::analyze {
namespace {

TEST_CASE("DNS labels and domains, with and without wildcards") {
  CHECK(is_dns1123_label("Reviews-v1"));
  CHECK_FALSE(is_dns1123_label("-a"));
  CHECK_FALSE(is_dns1123_label(std::string(64, 'a')));
  CHECK(is_wildcard_dns1123_label("*"));
  CHECK(is_wildcard_dns1123_label("*foo"));
  CHECK(is_wildcard_dns1123_label("*-foo"));
  CHECK_FALSE(is_wildcard_dns1123_label("f*o"));
  CHECK(check_wildcard_domain("*.example.com").empty());
  CHECK(check_wildcard_domain("istio.io.").empty());
  CHECK(check_wildcard_domain("a.b.*") == "domain name \"b.*\" invalid (label \"*\" invalid)");
  CHECK(check_wildcard_domain("a.123") ==
        "domain name \"123\" invalid (top level domain \"123\" cannot be all-numeric)");
  CHECK(check_wildcard_domain("") == "empty domain name not allowed");
  CHECK(check_wildcard_domain(std::string(256, 'a')).ends_with(" too long (max 255)"));
  CHECK(check_fqdn("*.wiki.org") == "domain name \"*.wiki.org\" invalid (label \"*\" invalid)");
  CHECK(check_partial_wildcard("a*.b") == "partial wildcard \"a*.b\" not allowed");
  CHECK(check_partial_wildcard("*.b").empty());
  CHECK(check_gateway_bound_domain(true, "outbound_.80_._.svc.local").empty());
  CHECK(check_gateway_bound_domain(true, "outbound_.x_._.svc") ==
        "domain name \"outbound_.x_._.svc\" invalid (label \"x\" invalid). should follow "
        "outbound_.<PORT>_._.<HOSTNAME> "
        "format");
  CHECK(check_gateway_bound_domain(true, "outbound_.80") ==
        "domain name outbound_.80 invalid, should follow 'outbound_.<PORT>_._.<HOSTNAME>' format");
}

TEST_CASE("namespace/host entries of gateways and sidecars") {
  CHECK(check_namespace_slash_host("no-slash", false).errors ==
        std::vector<std::string>{"host must be of form namespace/dnsName"});
  // A gateway host without a namespace is an old-style host; an IP passes for gateways only.
  CHECK(check_namespace_slash_host("1.2.3.4", true).errors.empty());
  CHECK(check_namespace_slash_host("ns/1.2.3.4", false).errors ==
        std::vector<std::string>{
            "domain name \"2.3.4\" invalid (top level domain \"4\" cannot be all-numeric)"});
  CHECK(check_namespace_slash_host("/", true).errors ==
        std::vector<std::string>{"config namespace and dnsName in host entry cannot be empty",
                                 "invalid namespace value \"\" in gateway",
                                 "short names (non FQDN) are not allowed", "empty domain name not allowed"});
  CHECK(check_namespace_slash_host("~ns/a.b", false).errors.empty());
  CHECK(check_namespace_slash_host("~Bad_ns/a.b", false).errors ==
        std::vector<std::string>{"invalid namespace value \"~Bad_ns\" in sidecar"});
}

TEST_CASE("addresses, ports and protocols") {
  CHECK(check_ip_subnet("10.0.0.0/8").empty());
  CHECK(check_ip_subnet("10.0.0.0/33") == "10.0.0.0/33 is not a valid CIDR block");
  CHECK(check_ip_subnet("fe80::1%eth0").empty());
  CHECK(check_ip_address("1.2.3") == "1.2.3 is not a valid IP");
  CHECK(check_unix_address("@abstract").empty());
  CHECK(check_unix_address("/a/") == "/a/ is not an absolute path to a file");
  CHECK(check_port(65536) == "port number 65536 must be in the range 1..65535");
  CHECK(check_port_name("http-1").empty());
  CHECK(check_protocol("grpc-web").empty());
  CHECK(check_protocol("hbone") == "unsupported protocol: hbone");
  CHECK(parse_protocol("Grpc-Web").is_http());
  CHECK(parse_protocol("MONGO").is_tcp());
  CHECK_FALSE(parse_protocol("UDP").is_tcp());
}

TEST_CASE("labels, selectors and exportTo") {
  Json labels = {{"example.com/app", "v1"}, {"a/b/c", "x"}, {std::string(64, 'k'), ""}, {"ok", "bad value"}};
  std::vector<std::string> errs = check_labels(labels).errors;
  std::sort(errs.begin(), errs.end());
  CHECK(errs ==
        std::vector<std::string>{"invalid tag key: \"a/b/c\"",
                                 "invalid tag key: \"" + std::string(64, 'k') + "\" (name is too long)",
                                 "invalid tag value: \"bad value\""});
  CHECK(check_workload_selector(Json{{"matchLabels", Json::object()}}).warnings ==
        std::vector<std::string>{"workload selector specified without labels"});
  CHECK(check_alpha_workload_selector(Json{{"labels", {{"", "x"}}}}).errors ==
        std::vector<std::string>{"empty key is not supported in selector: \"=x\""});
  CHECK(check_export_to("ns", {"ns", "."}, false, false).errors ==
        std::vector<std::string>{"duplicate entries in exportTo: . and current namespace ns"});
  CHECK(check_export_to("ns", {".", "ns"}, false, false).errors ==
        std::vector<std::string>{"duplicate entries in exportTo for entry ns"});
  CHECK(check_export_to("", {"."}, false, false).errors ==
        std::vector<std::string>{"only .,*, or a valid DNS 1123 label is allowed as exportTo entry"});
  CHECK(check_export_to("ns", {"~"}, true, false).errors.empty());
  CHECK(check_export_to("ns", {"a", "a"}, false, false).errors ==
        std::vector<std::string>{"duplicate entries in exportTo for entry a"});
}

TEST_CASE("header names and values, regexps") {
  CHECK(check_header_name_or_jwt_claim("@request.auth.claims[a][b]").empty());
  CHECK(check_header_name_or_jwt_claim(":authority").empty());
  CHECK(check_header_name_or_jwt_claim(":foo") == "header name :foo is not a valid header name");
  CHECK(check_strict_header_name("x_y").empty());
  CHECK(check_header_name_to_add("Host").empty());
  CHECK(check_header_name_to_change(":path") == "invalid header \":path\": header cannot have \":\" prefix");
  CHECK(check_header_value("100%%").empty());
  CHECK(check_header_value("%DOWNSTREAM_PEER_URI_SAN%").empty());
  CHECK(check_header_value("%REQ(x)%").empty());
  CHECK(check_header_value("%START_TIME%%") ==
        "header value configuration: invalid header configuration. Un-escaped %");
  CHECK(check_header_value("a\nb") == "header value configuration a\nb is invalid");
  CHECK(check_regex(std::string(1025, 'a'), "uri") ==
        "\"uri\": regex is too large, max length allowed is 1024");
}

TEST_CASE("Go's formatting of errors and numbers") {
  CHECK(go_float_v(101) == "101");
  CHECK(go_float_v(0.00001) == "1e-05");
  CHECK(go_float_v(1e21) == "1e+21");
  CHECK(go_float_v(-0.5) == "-0.5");
  CHECK(go_float_v(123456789012) == "123456789012");
  CHECK(go_float_f(200) == "200.000000");
  CHECK(check_percentage(0.00001) == "percentage 1e-05 is neither 0.0, nor in range [0.0001, 100.0]");
  CHECK(check_duration(1'500'000) == "only durations to ms precision are supported");
}

}  // namespace
}  // namespace sidecarctl::analyze
