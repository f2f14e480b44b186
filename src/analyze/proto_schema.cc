// Istio's API messages as a table (see proto_schema.h), read from the text below on first use.
//
// The table's own notation, one declaration per line:
//   package NAME                    names below are relative to it (or absolute, with dots)
//   enum NAME: A B C=5              values in order; a value's number is its position unless given
//   message NAME: FIELD FIELD ...   fields in declaration order
// A field is `name` (a string), `name:Type`, `name:Type*` (repeated) or `name:Key>Value` (a map),
// with `|group` after it when it is a member of a oneof. Types are the scalar kinds, the
// well-known types (Duration, Struct, BoolValue, UInt32Value, Int32Value, DoubleValue,
// StringValue), or message and enum names resolved from the innermost enclosing message outwards,
// as protoc resolves them.
#include "analyze/proto_schema.h"

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

#include "analyze/kinds.h"
#include "kube/mesh_config.h"

namespace sidecarctl::analyze::proto {

namespace {

constexpr std::string_view kSchema = R"(
package istio.type.v1beta1
message WorkloadSelector: match_labels:string>string
message PortSelector: number:uint32
enum WorkloadMode: UNDEFINED CLIENT SERVER CLIENT_AND_SERVER
message PolicyTargetReference: group kind name namespace

package istio.networking.v1alpha3
message VirtualService: hosts:string* gateways:string* http:HTTPRoute* tls:TLSRoute* tcp:TCPRoute* export_to:string*
message Destination: host subset port:PortSelector
message HTTPRoute: name match:HTTPMatchRequest* route:HTTPRouteDestination* redirect:HTTPRedirect direct_response:HTTPDirectResponse delegate:Delegate rewrite:HTTPRewrite timeout:Duration retries:HTTPRetry fault:HTTPFaultInjection mirror:Destination mirrors:HTTPMirrorPolicy* mirror_percent:UInt32Value mirror_percentage:Percent cors_policy:CorsPolicy headers:Headers
message Delegate: name namespace
message Headers: request:HeaderOperations response:HeaderOperations
message Headers.HeaderOperations: set:string>string add:string>string remove:string*
message TLSRoute: match:TLSMatchAttributes* route:RouteDestination*
message TCPRoute: match:L4MatchAttributes* route:RouteDestination*
message HTTPMatchRequest: name uri:StringMatch scheme:StringMatch method:StringMatch authority:StringMatch headers:string>StringMatch port:uint32 source_labels:string>string gateways:string* query_params:string>StringMatch ignore_uri_case:bool without_headers:string>StringMatch source_namespace stat_prefix
message HTTPRouteDestination: destination:Destination weight:int32 headers:Headers
message RouteDestination: destination:Destination weight:int32
message L4MatchAttributes: destination_subnets:string* port:uint32 source_subnet source_labels:string>string gateways:string* source_namespace
message TLSMatchAttributes: sni_hosts:string* destination_subnets:string* port:uint32 source_labels:string>string gateways:string* source_namespace
enum HTTPRedirect.RedirectPortSelection: FROM_PROTOCOL_DEFAULT FROM_REQUEST_PORT
message HTTPRedirect: uri authority port:uint32|redirect_port derive_port:RedirectPortSelection|redirect_port scheme redirect_code:uint32 prefix_rewrite
message HTTPDirectResponse: status:uint32 body:HTTPBody
message HTTPBody: string:string|specifier bytes:bytes|specifier
message HTTPRewrite: uri authority uri_regex_rewrite:RegexRewrite
message RegexRewrite: match rewrite
message StringMatch: exact|match_type prefix|match_type regex|match_type
message HTTPRetry: attempts:int32 per_try_timeout:Duration retry_on retry_remote_localities:BoolValue retry_ignore_previous_hosts:BoolValue backoff:Duration
enum CorsPolicy.UnmatchedPreflights: UNSPECIFIED FORWARD IGNORE
message CorsPolicy: allow_origin:string* allow_origins:StringMatch* allow_methods:string* allow_headers:string* expose_headers:string* max_age:Duration allow_credentials:BoolValue unmatched_preflights:UnmatchedPreflights
message HTTPFaultInjection: delay:Delay abort:Abort
message HTTPFaultInjection.Delay: percent:int32 fixed_delay:Duration|http_delay_type exponential_delay:Duration|http_delay_type percentage:Percent
message HTTPFaultInjection.Abort: http_status:int32|error_type grpc_status:string|error_type http2_error:string|error_type percentage:Percent
message HTTPMirrorPolicy: destination:Destination percentage:Percent
message PortSelector: number:uint32
message Percent: value:double

message DestinationRule: host traffic_policy:TrafficPolicy subsets:Subset* export_to:string* workload_selector:istio.type.v1beta1.WorkloadSelector
message TrafficPolicy: load_balancer:LoadBalancerSettings connection_pool:ConnectionPoolSettings outlier_detection:OutlierDetection tls:ClientTLSSettings port_level_settings:PortTrafficPolicy* tunnel:TunnelSettings proxy_protocol:ProxyProtocol retry_budget:RetryBudget
message TrafficPolicy.PortTrafficPolicy: port:PortSelector load_balancer:LoadBalancerSettings connection_pool:ConnectionPoolSettings outlier_detection:OutlierDetection tls:ClientTLSSettings
message TrafficPolicy.TunnelSettings: protocol target_host target_port:uint32
enum TrafficPolicy.ProxyProtocol.VERSION: V1 V2
message TrafficPolicy.ProxyProtocol: version:VERSION
message TrafficPolicy.RetryBudget: percent:DoubleValue min_retry_concurrency:uint32 budget_interval:Duration
message Subset: name labels:string>string traffic_policy:TrafficPolicy
enum LoadBalancerSettings.SimpleLB: UNSPECIFIED LEAST_CONN RANDOM PASSTHROUGH ROUND_ROBIN LEAST_REQUEST
message LoadBalancerSettings: simple:SimpleLB|lb_policy consistent_hash:ConsistentHashLB|lb_policy locality_lb_setting:LocalityLoadBalancerSetting zone_aware_lb_setting:ZoneAwareLoadBalancerSetting warmup_duration_secs:Duration warmup:WarmupConfiguration
message LoadBalancerSettings.ConsistentHashLB: http_header_name|hash_key http_cookie:HTTPCookie|hash_key use_source_ip:bool|hash_key http_query_parameter_name|hash_key ring_hash:RingHash|hash_algorithm maglev:MagLev|hash_algorithm minimum_ring_size:uint64
message LoadBalancerSettings.ConsistentHashLB.RingHash: minimum_ring_size:uint64
message LoadBalancerSettings.ConsistentHashLB.MagLev: table_size:uint64
message LoadBalancerSettings.ConsistentHashLB.HTTPCookie: name path ttl:Duration attributes:Attribute*
message LoadBalancerSettings.ConsistentHashLB.HTTPCookie.Attribute: name value
message WarmupConfiguration: duration:Duration minimum_percent:DoubleValue aggression:DoubleValue
message ConnectionPoolSettings: tcp:TCPSettings http:HTTPSettings
message ConnectionPoolSettings.TCPSettings: max_connections:int32 connect_timeout:Duration tcp_keepalive:TcpKeepalive max_connection_duration:Duration idle_timeout:Duration
message ConnectionPoolSettings.TCPSettings.TcpKeepalive: probes:uint32 time:Duration interval:Duration
enum ConnectionPoolSettings.HTTPSettings.H2UpgradePolicy: DEFAULT DO_NOT_UPGRADE UPGRADE
message ConnectionPoolSettings.HTTPSettings: http1_max_pending_requests:int32 http2_max_requests:int32 max_requests_per_connection:int32 max_retries:int32 idle_timeout:Duration h2_upgrade_policy:H2UpgradePolicy use_client_protocol:bool max_concurrent_streams:int32 http2_keep_alive:ConnectionKeepalive
message ConnectionPoolSettings.HTTPSettings.ConnectionKeepalive: interval:Duration timeout:Duration
message OutlierDetection: consecutive_errors:int32 split_external_local_origin_errors:bool consecutive_local_origin_failures:UInt32Value consecutive_gateway_errors:UInt32Value consecutive_5xx_errors:UInt32Value interval:Duration base_ejection_time:Duration max_ejection_percent:int32 min_health_percent:int32 outlier_detection_http_error_codes:uint32*
enum ClientTLSSettings.TLSmode: DISABLE SIMPLE MUTUAL ISTIO_MUTUAL
message ClientTLSSettings: mode:TLSmode client_certificate private_key ca_certificates credential_name subject_alt_names:string* sni insecure_skip_verify:BoolValue ca_crl
message LocalityLoadBalancerSetting: distribute:Distribute* failover:Failover* failover_priority:string* enabled:BoolValue
message LocalityLoadBalancerSetting.Distribute: from to:string>uint32
message LocalityLoadBalancerSetting.Failover: from to
message ZoneAwareLoadBalancerSetting: enabled:BoolValue failover:Failover* failover_priority:string* min_cluster_size:UInt32Value
message ZoneAwareLoadBalancerSetting.Failover: from to

message Gateway: servers:Server* selector:string>string
message Server: port:Port bind hosts:string* tls:ServerTLSSettings default_endpoint name
message Port: number:uint32 protocol name target_port:uint32
enum ServerTLSSettings.TLSmode: PASSTHROUGH SIMPLE MUTUAL AUTO_PASSTHROUGH ISTIO_MUTUAL OPTIONAL_MUTUAL
enum ServerTLSSettings.TLSProtocol: TLS_AUTO TLSV1_0 TLSV1_1 TLSV1_2 TLSV1_3
message ServerTLSSettings: https_redirect:bool mode:TLSmode server_certificate private_key ca_certificates ca_crl credential_name credential_names:string* ca_cert_credential_name tls_certificates:TLSCertificate* subject_alt_names:string* verify_certificate_spki:string* verify_certificate_hash:string* min_protocol_version:TLSProtocol max_protocol_version:TLSProtocol cipher_suites:string* insecure_skip_verify:BoolValue
message ServerTLSSettings.TLSCertificate: server_certificate private_key ca_certificates

enum ServiceEntry.Location: MESH_EXTERNAL MESH_INTERNAL
enum ServiceEntry.Resolution: NONE STATIC DNS DNS_ROUND_ROBIN DYNAMIC_DNS
message ServiceEntry: hosts:string* addresses:string* ports:ServicePort* location:Location resolution:Resolution endpoints:WorkloadEntry* workload_selector:WorkloadSelector export_to:string* subject_alt_names:string*
message ServicePort: number:uint32 protocol name target_port:uint32
message WorkloadEntry: address ports:string>uint32 labels:string>string network locality weight:uint32 service_account
message WorkloadSelector: labels:string>string

enum CaptureMode: DEFAULT IPTABLES NONE
message Sidecar: workload_selector:WorkloadSelector ingress:IstioIngressListener* egress:IstioEgressListener* inbound_connection_pool:ConnectionPoolSettings outbound_traffic_policy:OutboundTrafficPolicy
message IstioIngressListener: port:SidecarPort bind capture_mode:CaptureMode default_endpoint tls:ServerTLSSettings connection_pool:ConnectionPoolSettings
message IstioEgressListener: port:SidecarPort bind capture_mode:CaptureMode hosts:string*
enum OutboundTrafficPolicy.Mode: REGISTRY_ONLY ALLOW_ANY
message OutboundTrafficPolicy: mode:Mode egress_proxy:Destination
message SidecarPort: number:uint32 protocol name target_port:uint32

enum EnvoyFilter.ApplyTo: INVALID LISTENER FILTER_CHAIN NETWORK_FILTER HTTP_FILTER ROUTE_CONFIGURATION VIRTUAL_HOST HTTP_ROUTE CLUSTER EXTENSION_CONFIG BOOTSTRAP LISTENER_FILTER
enum EnvoyFilter.PatchContext: ANY SIDECAR_INBOUND SIDECAR_OUTBOUND GATEWAY WAYPOINT
message EnvoyFilter.ProxyMatch: proxy_version metadata:string>string
message EnvoyFilter.ClusterMatch: port_number:uint32 service subset name
enum EnvoyFilter.RouteConfigurationMatch.RouteMatch.Action: ANY ROUTE REDIRECT DIRECT_RESPONSE
message EnvoyFilter.RouteConfigurationMatch.RouteMatch: name action:Action
message EnvoyFilter.RouteConfigurationMatch.VirtualHostMatch: name domain_name route:RouteMatch
message EnvoyFilter.RouteConfigurationMatch: port_number:uint32 port_name gateway vhost:VirtualHostMatch name
message EnvoyFilter.ListenerMatch.FilterChainMatch: name sni transport_protocol application_protocols filter:FilterMatch destination_port:uint32
message EnvoyFilter.ListenerMatch.FilterMatch: name sub_filter:SubFilterMatch
message EnvoyFilter.ListenerMatch.SubFilterMatch: name
message EnvoyFilter.ListenerMatch: port_number:uint32 port_name filter_chain:FilterChainMatch listener_filter name
message EnvoyFilter.WaypointMatch.RouteMatch: name
message EnvoyFilter.WaypointMatch.FilterMatch.SubFilterMatch: name
message EnvoyFilter.WaypointMatch.FilterMatch: name sub_filter:SubFilterMatch
message EnvoyFilter.WaypointMatch: port_number:uint32 route:RouteMatch filter:FilterMatch
enum EnvoyFilter.Patch.Operation: INVALID MERGE ADD REMOVE INSERT_BEFORE INSERT_AFTER INSERT_FIRST REPLACE MERGE_AND_REPLACE_LIST
enum EnvoyFilter.Patch.FilterClass: UNSPECIFIED AUTHN AUTHZ STATS
message EnvoyFilter.Patch: operation:Operation value:Struct filter_class:FilterClass
message EnvoyFilter.EnvoyConfigObjectMatch: context:PatchContext proxy:ProxyMatch listener:ListenerMatch|object_types route_configuration:RouteConfigurationMatch|object_types cluster:ClusterMatch|object_types waypoint:WaypointMatch|object_types
message EnvoyFilter.EnvoyConfigObjectPatch: apply_to:ApplyTo match:EnvoyConfigObjectMatch patch:Patch
message EnvoyFilter: workload_selector:WorkloadSelector targetRefs:istio.type.v1beta1.PolicyTargetReference* config_patches:EnvoyConfigObjectPatch* priority:int32

message WorkloadGroup: metadata:ObjectMeta template:WorkloadEntry probe:ReadinessProbe
message WorkloadGroup.ObjectMeta: labels:string>string annotations:string>string
message ReadinessProbe: initial_delay_seconds:int32 timeout_seconds:int32 period_seconds:int32 success_threshold:int32 failure_threshold:int32 http_get:HTTPHealthCheckConfig|health_check_method tcp_socket:TCPHealthCheckConfig|health_check_method exec:ExecHealthCheckConfig|health_check_method grpc:GrpcHealthCheckConfig|health_check_method
message HTTPHealthCheckConfig: path port:uint32 host scheme http_headers:HTTPHeader*
message GrpcHealthCheckConfig: port:uint32 service
message HTTPHeader: name value
message TCPHealthCheckConfig: host port:uint32
message ExecHealthCheckConfig: command:string*

package istio.networking.v1beta1
message ProxyConfig: selector:istio.type.v1beta1.WorkloadSelector concurrency:Int32Value environment_variables:string>string image:ProxyImage
message ProxyImage: image_type

package istio.security.v1beta1
enum AuthorizationPolicy.Action: ALLOW DENY AUDIT CUSTOM
message AuthorizationPolicy.ExtensionProvider: name
message AuthorizationPolicy: selector:istio.type.v1beta1.WorkloadSelector targetRef:istio.type.v1beta1.PolicyTargetReference targetRefs:istio.type.v1beta1.PolicyTargetReference* rules:Rule* action:Action provider:ExtensionProvider|action_detail
message Rule.From: source:Source
message Rule.To: operation:Operation
message Rule: from:From* to:To* when:Condition*
message Source: principals:string* not_principals:string* request_principals:string* not_request_principals:string* namespaces:string* not_namespaces:string* service_accounts:string* not_service_accounts:string* ip_blocks:string* not_ip_blocks:string* remote_ip_blocks:string* not_remote_ip_blocks:string* trust_domains:string* not_trust_domains:string*
message Operation: hosts:string* not_hosts:string* ports:string* not_ports:string* methods:string* not_methods:string* paths:string* not_paths:string*
message Condition: key values:string* not_values:string*
enum PeerAuthentication.MutualTLS.Mode: UNSET DISABLE PERMISSIVE STRICT
message PeerAuthentication.MutualTLS: mode:Mode
message PeerAuthentication: selector:istio.type.v1beta1.WorkloadSelector mtls:MutualTLS port_level_mtls:uint32>MutualTLS
message RequestAuthentication: selector:istio.type.v1beta1.WorkloadSelector targetRef:istio.type.v1beta1.PolicyTargetReference targetRefs:istio.type.v1beta1.PolicyTargetReference* jwt_rules:JWTRule*
message JWTRule: issuer audiences:string* jwks_uri jwks from_headers:JWTHeader* from_params:string* output_payload_to_header from_cookies:string* forward_original_token:bool output_claim_to_headers:ClaimToHeader* timeout:Duration space_delimited_claims:string*
message JWTHeader: name prefix
message ClaimToHeader: header claim

package istio.telemetry.v1alpha1
enum WorkloadMode: CLIENT_AND_SERVER CLIENT SERVER
message Telemetry: selector:istio.type.v1beta1.WorkloadSelector targetRef:istio.type.v1beta1.PolicyTargetReference targetRefs:istio.type.v1beta1.PolicyTargetReference* tracing:Tracing* metrics:Metrics* access_logging:AccessLogging*
message Tracing.TracingSelector: mode:WorkloadMode
message Tracing.CustomTag: literal:Literal|type environment:Environment|type header:RequestHeader|type formatter:Formatter|type
message Tracing.Literal: value
message Tracing.Environment: name default_value
message Tracing.RequestHeader: name default_value
message Tracing.Formatter: value
message Tracing: match:TracingSelector providers:ProviderRef* random_sampling_percentage:DoubleValue disable_span_reporting:BoolValue custom_tags:string>CustomTag use_request_id_for_trace_sampling:BoolValue enable_istio_tags:BoolValue disable_context_propagation:BoolValue
message ProviderRef: name
message Metrics: providers:ProviderRef* overrides:MetricsOverrides* reporting_interval:Duration
enum MetricSelector.IstioMetric: ALL_METRICS REQUEST_COUNT REQUEST_DURATION REQUEST_SIZE RESPONSE_SIZE TCP_OPENED_CONNECTIONS TCP_CLOSED_CONNECTIONS TCP_SENT_BYTES TCP_RECEIVED_BYTES GRPC_REQUEST_MESSAGES GRPC_RESPONSE_MESSAGES
message MetricSelector: metric:IstioMetric|metric_match custom_metric|metric_match mode:WorkloadMode
enum MetricsOverrides.TagOverride.Operation: UPSERT REMOVE
message MetricsOverrides.TagOverride: operation:Operation value
message MetricsOverrides: match:MetricSelector disabled:BoolValue tag_overrides:string>TagOverride
message AccessLogging.LogSelector: mode:WorkloadMode
message AccessLogging.Filter: expression
message AccessLogging: match:LogSelector providers:ProviderRef* disabled:BoolValue filter:Filter

package istio.extensions.v1alpha1
enum PluginType: UNSPECIFIED_PLUGIN_TYPE HTTP NETWORK
enum PluginPhase: UNSPECIFIED_PHASE AUTHN AUTHZ STATS
enum PullPolicy: UNSPECIFIED_POLICY IfNotPresent Always
enum EnvValueSource: INLINE HOST
enum FailStrategy: FAIL_CLOSE FAIL_OPEN FAIL_RELOAD
message WasmPlugin.TrafficSelector: mode:istio.type.v1beta1.WorkloadMode ports:istio.type.v1beta1.PortSelector*
message WasmPlugin: selector:istio.type.v1beta1.WorkloadSelector targetRef:istio.type.v1beta1.PolicyTargetReference targetRefs:istio.type.v1beta1.PolicyTargetReference* url sha256 image_pull_policy:PullPolicy image_pull_secret verification_key plugin_config:Struct plugin_name phase:PluginPhase priority:Int32Value fail_strategy:FailStrategy vm_config:VmConfig match:TrafficSelector* type:PluginType
message VmConfig: env:EnvVar*
message EnvVar: name value_from:EnvValueSource value
enum TrafficExtension.ExecutionPhase: UNSPECIFIED AUTHN AUTHZ STATS
message TrafficExtension: selector:istio.type.v1beta1.WorkloadSelector targetRefs:istio.type.v1beta1.PolicyTargetReference* phase:ExecutionPhase priority:Int32Value match:TrafficSelector* wasm:WasmConfig|filter_config lua:LuaConfig|filter_config
message WasmConfig: url sha256 image_pull_policy:PullPolicy image_pull_secret verification_key plugin_config:Struct plugin_name fail_strategy:FailStrategy vm_config:VmConfig type:PluginType
message LuaConfig: inline_code
message TrafficSelector: mode:istio.type.v1beta1.WorkloadMode ports:istio.type.v1beta1.PortSelector*
)";

struct Registry {
  std::map<std::string, std::unique_ptr<Message>, std::less<>> messages;
  std::map<std::string, std::unique_ptr<Enum>, std::less<>> enums;
};

// A declared field before its type is resolved.
struct PendingField {
  Message* message;
  std::size_t index;
  std::string scope;  // the message's full name
  std::string type;   // the value type as written
};

bool scalar_kind(std::string_view t, Kind& k) {
  static const std::pair<std::string_view, Kind> kScalars[] = {{"string", Kind::kString},
                                                               {"bool", Kind::kBool},
                                                               {"int32", Kind::kInt32},
                                                               {"int64", Kind::kInt64},
                                                               {"uint32", Kind::kUint32},
                                                               {"uint64", Kind::kUint64},
                                                               {"double", Kind::kDouble},
                                                               {"float", Kind::kFloat},
                                                               {"bytes", Kind::kBytes},
                                                               {"Duration", Kind::kDuration},
                                                               {"Struct", Kind::kStruct},
                                                               {"BoolValue", Kind::kBoolValue},
                                                               {"UInt32Value", Kind::kUInt32Value},
                                                               {"Int32Value", Kind::kInt32Value},
                                                               {"DoubleValue", Kind::kDoubleValue},
                                                               {"StringValue", Kind::kStringValue}};
  for (const auto& [name, kind] : kScalars)
    if (t == name) {
      k = kind;
      return true;
    }
  return false;
}

// Resolves `type` from `scope` outwards ("a.b.C" tries "a.b.C.type", "a.b.type", "a.type", "type").
void resolve(const Registry& reg, const PendingField& p) {
  Field& f = p.message->fields[p.index];
  std::string scope = p.scope;
  while (true) {
    std::string candidate = scope.empty() ? p.type : scope + "." + p.type;
    if (auto m = reg.messages.find(candidate); m != reg.messages.end()) {
      f.kind = Kind::kMessage;
      f.message = m->second.get();
      return;
    }
    if (auto e = reg.enums.find(candidate); e != reg.enums.end()) {
      f.kind = Kind::kEnum;
      f.enumeration = e->second.get();
      return;
    }
    if (scope.empty()) break;
    auto dot = scope.rfind('.');
    scope = dot == std::string::npos ? "" : scope.substr(0, dot);
  }
  // A table that names a type it does not declare is a programming error caught by the unit tests.
  f.kind = Kind::kString;
}

Registry build() {
  Registry reg;
  std::vector<PendingField> pending;
  std::string package;
  std::istringstream in{std::string(kSchema)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string what, name;
    if (!(words >> what)) continue;
    if (what == "package") {
      words >> package;
      continue;
    }
    words >> name;
    if (!name.empty() && name.back() == ':') name.pop_back();
    std::string full = package + "." + name;
    if (what == "enum") {
      auto e = std::make_unique<Enum>();
      e->full_name = full;
      std::string value;
      for (int n = 0; words >> value; ++n) {
        if (auto eq = value.find('='); eq != std::string::npos) {
          n = std::stoi(value.substr(eq + 1));
          value.resize(eq);
        }
        e->values.emplace_back(value, n);
      }
      reg.enums[full] = std::move(e);
      continue;
    }
    auto m = std::make_unique<Message>();
    m->full_name = full;
    std::vector<std::string> oneofs;
    std::string spec;
    while (words >> spec) {
      Field f;
      if (auto bar = spec.find('|'); bar != std::string::npos) {
        std::string group = spec.substr(bar + 1);
        auto it = std::find(oneofs.begin(), oneofs.end(), group);
        f.oneof = static_cast<int>(it - oneofs.begin());
        if (it == oneofs.end()) oneofs.push_back(group);
        spec.resize(bar);
      }
      std::string type = "string";
      if (auto colon = spec.find(':'); colon != std::string::npos) {
        type = spec.substr(colon + 1);
        spec.resize(colon);
      }
      f.name = spec;
      f.json_name = kube::proto_json_name(spec);
      if (!type.empty() && type.back() == '*') {
        f.repeated = true;
        type.pop_back();
      }
      if (auto gt = type.find('>'); gt != std::string::npos) {
        f.map = true;
        scalar_kind(type.substr(0, gt), f.key);
        type = type.substr(gt + 1);
      }
      bool scalar = scalar_kind(type, f.kind);
      m->fields.push_back(f);
      if (!scalar) pending.push_back({m.get(), m->fields.size() - 1, full, type});
    }
    for (std::size_t i = 0; i < m->fields.size(); ++i) {
      m->by_name.emplace_back(m->fields[i].name, i);
      if (m->fields[i].json_name != m->fields[i].name) m->by_name.emplace_back(m->fields[i].json_name, i);
    }
    std::sort(m->by_name.begin(), m->by_name.end());
    reg.messages[full] = std::move(m);
  }
  for (const PendingField& p : pending) resolve(reg, p);
  return reg;
}

const Registry& registry() {
  static const Registry kRegistry = build();
  return kRegistry;
}

}  // namespace

const Field* Message::field_named(std::string_view name) const {
  auto it = std::lower_bound(by_name.begin(), by_name.end(), name,
                             [](const auto& entry, std::string_view n) { return entry.first < n; });
  return it != by_name.end() && it->first == name ? &fields[it->second] : nullptr;
}

std::string_view Enum::name_of(long long number) const {
  for (const auto& [name, n] : values)
    if (n == number) return name;
  return {};
}

bool Enum::has(std::string_view name) const {
  return std::any_of(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
}

const Message* find_message(std::string_view full_name) {
  auto it = registry().messages.find(full_name);
  return it == registry().messages.end() ? nullptr : it->second.get();
}

const Message* spec_message(std::string_view kind_id) {
  static const std::map<std::string, std::string, std::less<>> kSpecs = {
      {kind::kVirtualService, "istio.networking.v1alpha3.VirtualService"},
      {kind::kDestinationRule, "istio.networking.v1alpha3.DestinationRule"},
      {kind::kGateway, "istio.networking.v1alpha3.Gateway"},
      {kind::kServiceEntry, "istio.networking.v1alpha3.ServiceEntry"},
      {kind::kSidecar, "istio.networking.v1alpha3.Sidecar"},
      {kind::kEnvoyFilter, "istio.networking.v1alpha3.EnvoyFilter"},
      {kind::kWorkloadEntry, "istio.networking.v1alpha3.WorkloadEntry"},
      {kind::kWorkloadGroup, "istio.networking.v1alpha3.WorkloadGroup"},
      {kind::kProxyConfig, "istio.networking.v1beta1.ProxyConfig"},
      {kind::kAuthorizationPolicy, "istio.security.v1beta1.AuthorizationPolicy"},
      {kind::kPeerAuthentication, "istio.security.v1beta1.PeerAuthentication"},
      {kind::kRequestAuthentication, "istio.security.v1beta1.RequestAuthentication"},
      {kind::kTelemetry, "istio.telemetry.v1alpha1.Telemetry"},
      {kind::kWasmPlugin, "istio.extensions.v1alpha1.WasmPlugin"},
      {kind::kTrafficExtension, "istio.extensions.v1alpha1.TrafficExtension"},
  };
  auto it = kSpecs.find(kind_id);
  return it == kSpecs.end() ? nullptr : find_message(it->second);
}

}  // namespace sidecarctl::analyze::proto
