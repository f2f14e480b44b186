// Schema tables, core/v1: Pod, PodSpec, Container and their parts, PodStatus, PodTemplate.
// See typed_schema_tables.h for where the facts come from.
// clang-format off
#include <algorithm>
#include <array>
#include <iterator>

#include "kube/typed_schema_tables.h"

// Designated initializers name only what differs from a Field's defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace sidecarctl::kube::schema {

const Field kContainerPortFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "hostPort", .shape = Shape::kInt32, .omitempty = true},
    {.json = "containerPort", .shape = Shape::kInt32},
    {.json = "protocol", .shape = Shape::kString, .omitempty = true},
    {.json = "hostIP", .shape = Shape::kString, .omitempty = true},
};
const Struct kContainerPort{"ContainerPort", kContainerPortFields};

const Field kConfigMapEnvSourceFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kConfigMapEnvSource{"ConfigMapEnvSource", kConfigMapEnvSourceFields};

const Field kSecretEnvSourceFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kSecretEnvSource{"SecretEnvSource", kSecretEnvSourceFields};

const Field kEnvFromSourceFields[] = {
    {.json = "prefix", .shape = Shape::kString, .omitempty = true},
    {.json = "configMapRef", .shape = Shape::kStruct, .type = &kConfigMapEnvSource, .omitempty = true, .pointer = true},
    {.json = "secretRef", .shape = Shape::kStruct, .type = &kSecretEnvSource, .omitempty = true, .pointer = true},
};
const Struct kEnvFromSource{"EnvFromSource", kEnvFromSourceFields};

const Field kConfigMapKeySelectorFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "key", .shape = Shape::kString},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kConfigMapKeySelector{"ConfigMapKeySelector", kConfigMapKeySelectorFields};

const Field kSecretKeySelectorFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "key", .shape = Shape::kString},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kSecretKeySelector{"SecretKeySelector", kSecretKeySelectorFields};

const Field kFileKeySelectorFields[] = {
    {.json = "volumeName", .shape = Shape::kString},
    {.json = "path", .shape = Shape::kString},
    {.json = "key", .shape = Shape::kString},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kFileKeySelector{"FileKeySelector", kFileKeySelectorFields};

const Field kEnvVarSourceFields[] = {
    {.json = "fieldRef", .shape = Shape::kStruct, .type = &kObjectFieldSelector, .omitempty = true, .pointer = true},
    {.json = "resourceFieldRef", .shape = Shape::kStruct, .type = &kResourceFieldSelector, .omitempty = true, .pointer = true},
    {.json = "configMapKeyRef", .shape = Shape::kStruct, .type = &kConfigMapKeySelector, .omitempty = true, .pointer = true},
    {.json = "secretKeyRef", .shape = Shape::kStruct, .type = &kSecretKeySelector, .omitempty = true, .pointer = true},
    {.json = "fileKeyRef", .shape = Shape::kStruct, .type = &kFileKeySelector, .omitempty = true, .pointer = true},
};
const Struct kEnvVarSource{"EnvVarSource", kEnvVarSourceFields};

const Field kEnvVarFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "value", .shape = Shape::kString, .omitempty = true},
    {.json = "valueFrom", .shape = Shape::kStruct, .type = &kEnvVarSource, .omitempty = true, .pointer = true},
};
const Struct kEnvVar{"EnvVar", kEnvVarFields};

const Field kResourceClaimFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "request", .shape = Shape::kString, .omitempty = true},
};
const Struct kResourceClaim{"ResourceClaim", kResourceClaimFields};

const Field kResourceRequirementsFields[] = {
    {.json = "limits", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
    {.json = "requests", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
    {.json = "claims", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kResourceClaim, .omitempty = true},
};
const Struct kResourceRequirements{"ResourceRequirements", kResourceRequirementsFields};

const Field kContainerResizePolicyFields[] = {
    {.json = "resourceName", .shape = Shape::kString},
    {.json = "restartPolicy", .shape = Shape::kString},
};
const Struct kContainerResizePolicy{"ContainerResizePolicy", kContainerResizePolicyFields};

const Field kContainerRestartRuleOnExitCodesFields[] = {
    {.json = "operator", .shape = Shape::kString, .omitempty = true},
    {.json = "values", .shape = Shape::kList, .elem = Shape::kInt32, .omitempty = true},
};
const Struct kContainerRestartRuleOnExitCodes{"ContainerRestartRuleOnExitCodes", kContainerRestartRuleOnExitCodesFields};

const Field kContainerRestartRuleFields[] = {
    {.json = "action", .shape = Shape::kString, .omitempty = true},
    {.json = "exitCodes", .shape = Shape::kStruct, .type = &kContainerRestartRuleOnExitCodes, .omitempty = true, .pointer = true},
};
const Struct kContainerRestartRule{"ContainerRestartRule", kContainerRestartRuleFields};

const Field kVolumeMountFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
    {.json = "recursiveReadOnly", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "mountPath", .shape = Shape::kString},
    {.json = "subPath", .shape = Shape::kString, .omitempty = true},
    {.json = "mountPropagation", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "subPathExpr", .shape = Shape::kString, .omitempty = true},
};
const Struct kVolumeMount{"VolumeMount", kVolumeMountFields};

const Field kVolumeDeviceFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "devicePath", .shape = Shape::kString},
};
const Struct kVolumeDevice{"VolumeDevice", kVolumeDeviceFields};

const Field kExecActionFields[] = {
    {.json = "command", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kExecAction{"ExecAction", kExecActionFields};

const Field kHTTPHeaderFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "value", .shape = Shape::kString},
};
const Struct kHTTPHeader{"HTTPHeader", kHTTPHeaderFields};

const Field kHTTPGetActionFields[] = {
    {.json = "path", .shape = Shape::kString, .omitempty = true},
    {.json = "port", .shape = Shape::kIntOrString},
    {.json = "host", .shape = Shape::kString, .omitempty = true},
    {.json = "scheme", .shape = Shape::kString, .omitempty = true},
    {.json = "httpHeaders", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kHTTPHeader, .omitempty = true},
};
const Struct kHTTPGetAction{"HTTPGetAction", kHTTPGetActionFields};

const Field kTCPSocketActionFields[] = {
    {.json = "port", .shape = Shape::kIntOrString},
    {.json = "host", .shape = Shape::kString, .omitempty = true},
};
const Struct kTCPSocketAction{"TCPSocketAction", kTCPSocketActionFields};

const Field kGRPCActionFields[] = {
    {.json = "port", .shape = Shape::kInt32},
    {.json = "service", .shape = Shape::kString, .pointer = true},
};
const Struct kGRPCAction{"GRPCAction", kGRPCActionFields};

const Field kProbeFields[] = {
    {.json = "exec", .shape = Shape::kStruct, .type = &kExecAction, .omitempty = true, .pointer = true},
    {.json = "httpGet", .shape = Shape::kStruct, .type = &kHTTPGetAction, .omitempty = true, .pointer = true},
    {.json = "tcpSocket", .shape = Shape::kStruct, .type = &kTCPSocketAction, .omitempty = true, .pointer = true},
    {.json = "grpc", .shape = Shape::kStruct, .type = &kGRPCAction, .omitempty = true, .pointer = true},
    {.json = "initialDelaySeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "timeoutSeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "periodSeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "successThreshold", .shape = Shape::kInt32, .omitempty = true},
    {.json = "failureThreshold", .shape = Shape::kInt32, .omitempty = true},
    {.json = "terminationGracePeriodSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
};
const Struct kProbe{"Probe", kProbeFields};

const Field kSleepActionFields[] = {
    {.json = "seconds", .shape = Shape::kInt64},
};
const Struct kSleepAction{"SleepAction", kSleepActionFields};

const Field kLifecycleHandlerFields[] = {
    {.json = "exec", .shape = Shape::kStruct, .type = &kExecAction, .omitempty = true, .pointer = true},
    {.json = "httpGet", .shape = Shape::kStruct, .type = &kHTTPGetAction, .omitempty = true, .pointer = true},
    {.json = "tcpSocket", .shape = Shape::kStruct, .type = &kTCPSocketAction, .omitempty = true, .pointer = true},
    {.json = "sleep", .shape = Shape::kStruct, .type = &kSleepAction, .omitempty = true, .pointer = true},
};
const Struct kLifecycleHandler{"LifecycleHandler", kLifecycleHandlerFields};

const Field kLifecycleFields[] = {
    {.json = "postStart", .shape = Shape::kStruct, .type = &kLifecycleHandler, .omitempty = true, .pointer = true},
    {.json = "preStop", .shape = Shape::kStruct, .type = &kLifecycleHandler, .omitempty = true, .pointer = true},
    {.json = "stopSignal", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kLifecycle{"Lifecycle", kLifecycleFields};

const Field kCapabilitiesFields[] = {
    {.json = "add", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "drop", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kCapabilities{"Capabilities", kCapabilitiesFields};

const Field kSELinuxOptionsFields[] = {
    {.json = "user", .shape = Shape::kString, .omitempty = true},
    {.json = "role", .shape = Shape::kString, .omitempty = true},
    {.json = "type", .shape = Shape::kString, .omitempty = true},
    {.json = "level", .shape = Shape::kString, .omitempty = true},
};
const Struct kSELinuxOptions{"SELinuxOptions", kSELinuxOptionsFields};

const Field kWindowsSecurityContextOptionsFields[] = {
    {.json = "gmsaCredentialSpecName", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "gmsaCredentialSpec", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "runAsUserName", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "hostProcess", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kWindowsSecurityContextOptions{"WindowsSecurityContextOptions", kWindowsSecurityContextOptionsFields};

const Field kSeccompProfileFields[] = {
    {.json = "type", .shape = Shape::kString},
    {.json = "localhostProfile", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kSeccompProfile{"SeccompProfile", kSeccompProfileFields};

const Field kAppArmorProfileFields[] = {
    {.json = "type", .shape = Shape::kString},
    {.json = "localhostProfile", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kAppArmorProfile{"AppArmorProfile", kAppArmorProfileFields};

const Field kSecurityContextFields[] = {
    {.json = "capabilities", .shape = Shape::kStruct, .type = &kCapabilities, .omitempty = true, .pointer = true},
    {.json = "privileged", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "seLinuxOptions", .shape = Shape::kStruct, .type = &kSELinuxOptions, .omitempty = true, .pointer = true},
    {.json = "windowsOptions", .shape = Shape::kStruct, .type = &kWindowsSecurityContextOptions, .omitempty = true, .pointer = true},
    {.json = "runAsUser", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "runAsGroup", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "runAsNonRoot", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "readOnlyRootFilesystem", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "allowPrivilegeEscalation", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "procMount", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "seccompProfile", .shape = Shape::kStruct, .type = &kSeccompProfile, .omitempty = true, .pointer = true},
    {.json = "appArmorProfile", .shape = Shape::kStruct, .type = &kAppArmorProfile, .omitempty = true, .pointer = true},
};
const Struct kSecurityContext{"SecurityContext", kSecurityContextFields};

constexpr Field kContainerFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "image", .shape = Shape::kString, .omitempty = true},
    {.json = "command", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "args", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "workingDir", .shape = Shape::kString, .omitempty = true},
    {.json = "ports", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainerPort, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "containerPort"},
    {.json = "envFrom", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kEnvFromSource, .omitempty = true},
    {.json = "env", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kEnvVar, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "name"},
    {.json = "resources", .shape = Shape::kStruct, .type = &kResourceRequirements, .omitempty = true},
    {.json = "resizePolicy", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainerResizePolicy, .omitempty = true},
    {.json = "restartPolicy", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "restartPolicyRules", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainerRestartRule, .omitempty = true},
    {.json = "volumeMounts", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kVolumeMount, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "mountPath"},
    {.json = "volumeDevices", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kVolumeDevice, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "devicePath"},
    {.json = "livenessProbe", .shape = Shape::kStruct, .type = &kProbe, .omitempty = true, .pointer = true},
    {.json = "readinessProbe", .shape = Shape::kStruct, .type = &kProbe, .omitempty = true, .pointer = true},
    {.json = "startupProbe", .shape = Shape::kStruct, .type = &kProbe, .omitempty = true, .pointer = true},
    {.json = "lifecycle", .shape = Shape::kStruct, .type = &kLifecycle, .omitempty = true, .pointer = true},
    {.json = "terminationMessagePath", .shape = Shape::kString, .omitempty = true},
    {.json = "terminationMessagePolicy", .shape = Shape::kString, .omitempty = true},
    {.json = "imagePullPolicy", .shape = Shape::kString, .omitempty = true},
    {.json = "securityContext", .shape = Shape::kStruct, .type = &kSecurityContext, .omitempty = true, .pointer = true},
    {.json = "stdin", .shape = Shape::kBool, .omitempty = true},
    {.json = "stdinOnce", .shape = Shape::kBool, .omitempty = true},
    {.json = "tty", .shape = Shape::kBool, .omitempty = true},
};
const Struct kContainer{"Container", kContainerFields};

// EphemeralContainer = EphemeralContainerCommon (Container's fields, same tags) + targetContainerName.
constexpr auto kEphemeralContainerFields = [] {
  std::array<Field, std::size(kContainerFields) + 1> fields{};
  std::copy(std::begin(kContainerFields), std::end(kContainerFields), fields.begin());
  fields.back() = {.json = "targetContainerName", .shape = Shape::kString, .omitempty = true};
  return fields;
}();
const Struct kEphemeralContainer{"EphemeralContainer", kEphemeralContainerFields};

const Field kSysctlFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "value", .shape = Shape::kString},
};
const Struct kSysctl{"Sysctl", kSysctlFields};

const Field kPodSecurityContextFields[] = {
    {.json = "seLinuxOptions", .shape = Shape::kStruct, .type = &kSELinuxOptions, .omitempty = true, .pointer = true},
    {.json = "windowsOptions", .shape = Shape::kStruct, .type = &kWindowsSecurityContextOptions, .omitempty = true, .pointer = true},
    {.json = "runAsUser", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "runAsGroup", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "runAsNonRoot", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "supplementalGroups", .shape = Shape::kList, .elem = Shape::kInt64, .omitempty = true},
    {.json = "supplementalGroupsPolicy", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "fsGroup", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "sysctls", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kSysctl, .omitempty = true},
    {.json = "fsGroupChangePolicy", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "seccompProfile", .shape = Shape::kStruct, .type = &kSeccompProfile, .omitempty = true, .pointer = true},
    {.json = "appArmorProfile", .shape = Shape::kStruct, .type = &kAppArmorProfile, .omitempty = true, .pointer = true},
    {.json = "seLinuxChangePolicy", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kPodSecurityContext{"PodSecurityContext", kPodSecurityContextFields};

const Field kNodeSelectorRequirementFields[] = {
    {.json = "key", .shape = Shape::kString},
    {.json = "operator", .shape = Shape::kString},
    {.json = "values", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kNodeSelectorRequirement{"NodeSelectorRequirement", kNodeSelectorRequirementFields};

const Field kNodeSelectorTermFields[] = {
    {.json = "matchExpressions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kNodeSelectorRequirement, .omitempty = true},
    {.json = "matchFields", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kNodeSelectorRequirement, .omitempty = true},
};
const Struct kNodeSelectorTerm{"NodeSelectorTerm", kNodeSelectorTermFields};

const Field kNodeSelectorFields[] = {
    {.json = "nodeSelectorTerms", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kNodeSelectorTerm},
};
const Struct kNodeSelector{"NodeSelector", kNodeSelectorFields};

const Field kPreferredSchedulingTermFields[] = {
    {.json = "weight", .shape = Shape::kInt32},
    {.json = "preference", .shape = Shape::kStruct, .type = &kNodeSelectorTerm},
};
const Struct kPreferredSchedulingTerm{"PreferredSchedulingTerm", kPreferredSchedulingTermFields};

const Field kNodeAffinityFields[] = {
    {.json = "requiredDuringSchedulingIgnoredDuringExecution", .shape = Shape::kStruct, .type = &kNodeSelector, .omitempty = true, .pointer = true},
    {.json = "preferredDuringSchedulingIgnoredDuringExecution", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPreferredSchedulingTerm, .omitempty = true},
};
const Struct kNodeAffinity{"NodeAffinity", kNodeAffinityFields};

const Field kPodAffinityTermFields[] = {
    {.json = "labelSelector", .shape = Shape::kStruct, .type = &kLabelSelector, .omitempty = true, .pointer = true},
    {.json = "namespaces", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "topologyKey", .shape = Shape::kString},
    {.json = "namespaceSelector", .shape = Shape::kStruct, .type = &kLabelSelector, .omitempty = true, .pointer = true},
    {.json = "matchLabelKeys", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "mismatchLabelKeys", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kPodAffinityTerm{"PodAffinityTerm", kPodAffinityTermFields};

const Field kWeightedPodAffinityTermFields[] = {
    {.json = "weight", .shape = Shape::kInt32},
    {.json = "podAffinityTerm", .shape = Shape::kStruct, .type = &kPodAffinityTerm},
};
const Struct kWeightedPodAffinityTerm{"WeightedPodAffinityTerm", kWeightedPodAffinityTermFields};

const Field kPodAffinityFields[] = {
    {.json = "requiredDuringSchedulingIgnoredDuringExecution", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodAffinityTerm, .omitempty = true},
    {.json = "preferredDuringSchedulingIgnoredDuringExecution", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kWeightedPodAffinityTerm, .omitempty = true},
};
const Struct kPodAffinity{"PodAffinity", kPodAffinityFields};

const Field kPodAntiAffinityFields[] = {
    {.json = "requiredDuringSchedulingIgnoredDuringExecution", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodAffinityTerm, .omitempty = true},
    {.json = "preferredDuringSchedulingIgnoredDuringExecution", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kWeightedPodAffinityTerm, .omitempty = true},
};
const Struct kPodAntiAffinity{"PodAntiAffinity", kPodAntiAffinityFields};

const Field kAffinityFields[] = {
    {.json = "nodeAffinity", .shape = Shape::kStruct, .type = &kNodeAffinity, .omitempty = true, .pointer = true},
    {.json = "podAffinity", .shape = Shape::kStruct, .type = &kPodAffinity, .omitempty = true, .pointer = true},
    {.json = "podAntiAffinity", .shape = Shape::kStruct, .type = &kPodAntiAffinity, .omitempty = true, .pointer = true},
};
const Struct kAffinity{"Affinity", kAffinityFields};

const Field kTolerationFields[] = {
    {.json = "key", .shape = Shape::kString, .omitempty = true},
    {.json = "operator", .shape = Shape::kString, .omitempty = true},
    {.json = "value", .shape = Shape::kString, .omitempty = true},
    {.json = "effect", .shape = Shape::kString, .omitempty = true},
    {.json = "tolerationSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
};
const Struct kToleration{"Toleration", kTolerationFields};

const Field kHostAliasFields[] = {
    {.json = "ip", .shape = Shape::kString},
    {.json = "hostnames", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kHostAlias{"HostAlias", kHostAliasFields};

const Field kPodDNSConfigOptionFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "value", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kPodDNSConfigOption{"PodDNSConfigOption", kPodDNSConfigOptionFields};

const Field kPodDNSConfigFields[] = {
    {.json = "nameservers", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "searches", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "options", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodDNSConfigOption, .omitempty = true},
};
const Struct kPodDNSConfig{"PodDNSConfig", kPodDNSConfigFields};

const Field kPodReadinessGateFields[] = {
    {.json = "conditionType", .shape = Shape::kString},
};
const Struct kPodReadinessGate{"PodReadinessGate", kPodReadinessGateFields};

const Field kTopologySpreadConstraintFields[] = {
    {.json = "maxSkew", .shape = Shape::kInt32},
    {.json = "topologyKey", .shape = Shape::kString},
    {.json = "whenUnsatisfiable", .shape = Shape::kString},
    {.json = "labelSelector", .shape = Shape::kStruct, .type = &kLabelSelector, .omitempty = true, .pointer = true},
    {.json = "minDomains", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "nodeAffinityPolicy", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "nodeTaintsPolicy", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "matchLabelKeys", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kTopologySpreadConstraint{"TopologySpreadConstraint", kTopologySpreadConstraintFields};

const Field kPodOSFields[] = {
    {.json = "name", .shape = Shape::kString},
};
const Struct kPodOS{"PodOS", kPodOSFields};

const Field kPodSchedulingGateFields[] = {
    {.json = "name", .shape = Shape::kString},
};
const Struct kPodSchedulingGate{"PodSchedulingGate", kPodSchedulingGateFields};

const Field kPodResourceClaimFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "resourceClaimName", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "resourceClaimTemplateName", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kPodResourceClaim{"PodResourceClaim", kPodResourceClaimFields};

const Field kPodSchedulingGroupFields[] = {
    {.json = "podGroupName", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kPodSchedulingGroup{"PodSchedulingGroup", kPodSchedulingGroupFields};

const Field kPodSpecFields[] = {
    {.json = "volumes", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kVolume, .omitempty = true, .strategy = PatchStrategy::kMergeRetainKeys, .merge_key = "name"},
    {.json = "initContainers", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainer, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "name"},
    {.json = "containers", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainer, .strategy = PatchStrategy::kMerge, .merge_key = "name"},
    {.json = "ephemeralContainers", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kEphemeralContainer, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "name"},
    {.json = "restartPolicy", .shape = Shape::kString, .omitempty = true},
    {.json = "terminationGracePeriodSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "activeDeadlineSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "dnsPolicy", .shape = Shape::kString, .omitempty = true},
    {.json = "nodeSelector", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "serviceAccountName", .shape = Shape::kString, .omitempty = true},
    {.json = "serviceAccount", .shape = Shape::kString, .omitempty = true},
    {.json = "automountServiceAccountToken", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "nodeName", .shape = Shape::kString, .omitempty = true},
    {.json = "hostNetwork", .shape = Shape::kBool, .omitempty = true},
    {.json = "hostPID", .shape = Shape::kBool, .omitempty = true},
    {.json = "hostIPC", .shape = Shape::kBool, .omitempty = true},
    {.json = "shareProcessNamespace", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "securityContext", .shape = Shape::kStruct, .type = &kPodSecurityContext, .omitempty = true, .pointer = true},
    {.json = "imagePullSecrets", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kLocalObjectReference, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "name"},
    {.json = "hostname", .shape = Shape::kString, .omitempty = true},
    {.json = "subdomain", .shape = Shape::kString, .omitempty = true},
    {.json = "affinity", .shape = Shape::kStruct, .type = &kAffinity, .omitempty = true, .pointer = true},
    {.json = "schedulerName", .shape = Shape::kString, .omitempty = true},
    {.json = "tolerations", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kToleration, .omitempty = true},
    {.json = "hostAliases", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kHostAlias, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "ip"},
    {.json = "priorityClassName", .shape = Shape::kString, .omitempty = true},
    {.json = "priority", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "dnsConfig", .shape = Shape::kStruct, .type = &kPodDNSConfig, .omitempty = true, .pointer = true},
    {.json = "readinessGates", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodReadinessGate, .omitempty = true},
    {.json = "runtimeClassName", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "enableServiceLinks", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "preemptionPolicy", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "overhead", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
    {.json = "topologySpreadConstraints", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kTopologySpreadConstraint, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "topologyKey"},
    {.json = "setHostnameAsFQDN", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "os", .shape = Shape::kStruct, .type = &kPodOS, .omitempty = true, .pointer = true},
    {.json = "hostUsers", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "schedulingGates", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodSchedulingGate, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "name"},
    {.json = "resourceClaims", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodResourceClaim, .omitempty = true, .strategy = PatchStrategy::kMergeRetainKeys, .merge_key = "name"},
    {.json = "resources", .shape = Shape::kStruct, .type = &kResourceRequirements, .omitempty = true, .pointer = true},
    {.json = "hostnameOverride", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "schedulingGroup", .shape = Shape::kStruct, .type = &kPodSchedulingGroup, .omitempty = true, .pointer = true},
};
const Struct kPodSpec{"PodSpec", kPodSpecFields};

const Field kPodConditionFields[] = {
    {.json = "type", .shape = Shape::kString},
    {.json = "observedGeneration", .shape = Shape::kInt64, .omitempty = true},
    {.json = "status", .shape = Shape::kString},
    {.json = "lastProbeTime", .shape = Shape::kTime, .omitempty = true},
    {.json = "lastTransitionTime", .shape = Shape::kTime, .omitempty = true},
    {.json = "reason", .shape = Shape::kString, .omitempty = true},
    {.json = "message", .shape = Shape::kString, .omitempty = true},
};
const Struct kPodCondition{"PodCondition", kPodConditionFields};

const Field kHostIPFields[] = {
    {.json = "ip", .shape = Shape::kString},
};
const Struct kHostIP{"HostIP", kHostIPFields};

const Field kPodIPFields[] = {
    {.json = "ip", .shape = Shape::kString},
};
const Struct kPodIP{"PodIP", kPodIPFields};

const Field kContainerStateWaitingFields[] = {
    {.json = "reason", .shape = Shape::kString, .omitempty = true},
    {.json = "message", .shape = Shape::kString, .omitempty = true},
};
const Struct kContainerStateWaiting{"ContainerStateWaiting", kContainerStateWaitingFields};

const Field kContainerStateRunningFields[] = {
    {.json = "startedAt", .shape = Shape::kTime, .omitempty = true},
};
const Struct kContainerStateRunning{"ContainerStateRunning", kContainerStateRunningFields};

const Field kContainerStateTerminatedFields[] = {
    {.json = "exitCode", .shape = Shape::kInt32},
    {.json = "signal", .shape = Shape::kInt32, .omitempty = true},
    {.json = "reason", .shape = Shape::kString, .omitempty = true},
    {.json = "message", .shape = Shape::kString, .omitempty = true},
    {.json = "startedAt", .shape = Shape::kTime, .omitempty = true},
    {.json = "finishedAt", .shape = Shape::kTime, .omitempty = true},
    {.json = "containerID", .shape = Shape::kString, .omitempty = true},
};
const Struct kContainerStateTerminated{"ContainerStateTerminated", kContainerStateTerminatedFields};

const Field kContainerStateFields[] = {
    {.json = "waiting", .shape = Shape::kStruct, .type = &kContainerStateWaiting, .omitempty = true, .pointer = true},
    {.json = "running", .shape = Shape::kStruct, .type = &kContainerStateRunning, .omitempty = true, .pointer = true},
    {.json = "terminated", .shape = Shape::kStruct, .type = &kContainerStateTerminated, .omitempty = true, .pointer = true},
};
const Struct kContainerState{"ContainerState", kContainerStateFields};

const Field kImageVolumeStatusFields[] = {
    {.json = "imageRef", .shape = Shape::kString, .omitempty = true},
};
const Struct kImageVolumeStatus{"ImageVolumeStatus", kImageVolumeStatusFields};

const Field kVolumeStatusFields[] = {
    {.json = "image", .shape = Shape::kStruct, .type = &kImageVolumeStatus, .omitempty = true, .pointer = true},
};
const Struct kVolumeStatus{"VolumeStatus", kVolumeStatusFields};

const Field kVolumeMountStatusFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "mountPath", .shape = Shape::kString},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
    {.json = "recursiveReadOnly", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "volumeStatus", .shape = Shape::kStruct, .type = &kVolumeStatus, .omitempty = true, .pointer = true},
};
const Struct kVolumeMountStatus{"VolumeMountStatus", kVolumeMountStatusFields};

const Field kLinuxContainerUserFields[] = {
    {.json = "uid", .shape = Shape::kInt64},
    {.json = "gid", .shape = Shape::kInt64},
    {.json = "supplementalGroups", .shape = Shape::kList, .elem = Shape::kInt64, .omitempty = true},
};
const Struct kLinuxContainerUser{"LinuxContainerUser", kLinuxContainerUserFields};

const Field kContainerUserFields[] = {
    {.json = "linux", .shape = Shape::kStruct, .type = &kLinuxContainerUser, .omitempty = true, .pointer = true},
};
const Struct kContainerUser{"ContainerUser", kContainerUserFields};

const Field kResourceHealthFields[] = {
    {.json = "resourceID", .shape = Shape::kString},
    {.json = "health", .shape = Shape::kString, .omitempty = true},
    {.json = "message", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kResourceHealth{"ResourceHealth", kResourceHealthFields};

const Field kResourceStatusFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "resources", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kResourceHealth, .omitempty = true},
};
const Struct kResourceStatus{"ResourceStatus", kResourceStatusFields};

const Field kContainerStatusFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "state", .shape = Shape::kStruct, .type = &kContainerState, .omitempty = true},
    {.json = "lastState", .shape = Shape::kStruct, .type = &kContainerState, .omitempty = true},
    {.json = "ready", .shape = Shape::kBool},
    {.json = "restartCount", .shape = Shape::kInt32},
    {.json = "image", .shape = Shape::kString},
    {.json = "imageID", .shape = Shape::kString},
    {.json = "containerID", .shape = Shape::kString, .omitempty = true},
    {.json = "started", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "allocatedResources", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
    {.json = "resources", .shape = Shape::kStruct, .type = &kResourceRequirements, .omitempty = true, .pointer = true},
    {.json = "volumeMounts", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kVolumeMountStatus, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "mountPath"},
    {.json = "user", .shape = Shape::kStruct, .type = &kContainerUser, .omitempty = true, .pointer = true},
    {.json = "allocatedResourcesStatus", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kResourceStatus, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "name"},
    {.json = "stopSignal", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kContainerStatus{"ContainerStatus", kContainerStatusFields};

const Field kPodResourceClaimStatusFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "resourceClaimName", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kPodResourceClaimStatus{"PodResourceClaimStatus", kPodResourceClaimStatusFields};

const Field kContainerExtendedResourceRequestFields[] = {
    {.json = "containerName", .shape = Shape::kString},
    {.json = "resourceName", .shape = Shape::kString},
    {.json = "requestName", .shape = Shape::kString},
};
const Struct kContainerExtendedResourceRequest{"ContainerExtendedResourceRequest", kContainerExtendedResourceRequestFields};

const Field kPodExtendedResourceClaimStatusFields[] = {
    {.json = "requestMappings", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainerExtendedResourceRequest},
    {.json = "resourceClaimName", .shape = Shape::kString},
};
const Struct kPodExtendedResourceClaimStatus{"PodExtendedResourceClaimStatus", kPodExtendedResourceClaimStatusFields};

const Field kNodeAllocatableResourceClaimStatusFields[] = {
    {.json = "resourceClaimName", .shape = Shape::kString},
    {.json = "containers", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "resources", .shape = Shape::kMap, .elem = Shape::kQuantity},
};
const Struct kNodeAllocatableResourceClaimStatus{"NodeAllocatableResourceClaimStatus", kNodeAllocatableResourceClaimStatusFields};

const Field kPodStatusFields[] = {
    {.json = "observedGeneration", .shape = Shape::kInt64, .omitempty = true},
    {.json = "phase", .shape = Shape::kString, .omitempty = true},
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
    {.json = "message", .shape = Shape::kString, .omitempty = true},
    {.json = "reason", .shape = Shape::kString, .omitempty = true},
    {.json = "nominatedNodeName", .shape = Shape::kString, .omitempty = true},
    {.json = "hostIP", .shape = Shape::kString, .omitempty = true},
    {.json = "hostIPs", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kHostIP, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "ip"},
    {.json = "podIP", .shape = Shape::kString, .omitempty = true},
    {.json = "podIPs", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodIP, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "ip"},
    {.json = "startTime", .shape = Shape::kTime, .omitempty = true, .pointer = true},
    {.json = "initContainerStatuses", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainerStatus, .omitempty = true},
    {.json = "containerStatuses", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainerStatus, .omitempty = true},
    {.json = "qosClass", .shape = Shape::kString, .omitempty = true},
    {.json = "ephemeralContainerStatuses", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kContainerStatus, .omitempty = true},
    {.json = "resize", .shape = Shape::kString, .omitempty = true},
    {.json = "resourceClaimStatuses", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodResourceClaimStatus, .omitempty = true, .strategy = PatchStrategy::kMergeRetainKeys, .merge_key = "name"},
    {.json = "extendedResourceClaimStatus", .shape = Shape::kStruct, .type = &kPodExtendedResourceClaimStatus, .omitempty = true, .pointer = true},
    {.json = "allocatedResources", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
    {.json = "resources", .shape = Shape::kStruct, .type = &kResourceRequirements, .omitempty = true, .pointer = true},
    {.json = "nodeAllocatableResourceClaimStatuses", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kNodeAllocatableResourceClaimStatus, .omitempty = true},
};
const Struct kPodStatus{"PodStatus", kPodStatusFields};

const Field kPodFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kPodSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kPodStatus, .omitempty = true},
};
const Struct kPod{"Pod", kPodFields};

const Field kPodTemplateSpecFields[] = {
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kPodSpec, .omitempty = true},
};
const Struct kPodTemplateSpec{"PodTemplateSpec", kPodTemplateSpecFields};

const Field kPodTemplateFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "template", .shape = Shape::kStruct, .type = &kPodTemplateSpec, .omitempty = true},
};
const Struct kPodTemplate{"PodTemplate", kPodTemplateFields};

const Field kProbedConditionFields[kProbedConditionFieldCount] = {
    {.json = "type", .shape = Shape::kString},
    {.json = "status", .shape = Shape::kString},
    {.json = "lastProbeTime", .shape = Shape::kTime, .omitempty = true},
    {.json = "lastTransitionTime", .shape = Shape::kTime, .omitempty = true},
    {.json = "reason", .shape = Shape::kString, .omitempty = true},
    {.json = "message", .shape = Shape::kString, .omitempty = true},
};
const Struct kPersistentVolumeClaimCondition{"PersistentVolumeClaimCondition", kProbedConditionFields};

const Field kModifyVolumeStatusFields[] = {
    {.json = "targetVolumeAttributesClassName", .shape = Shape::kString, .omitempty = true},
    {.json = "status", .shape = Shape::kString},
};
const Struct kModifyVolumeStatus{"ModifyVolumeStatus", kModifyVolumeStatusFields};

const Field kPersistentVolumeClaimStatusFields[] = {
    {.json = "phase", .shape = Shape::kString, .omitempty = true},
    {.json = "accessModes", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "capacity", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPersistentVolumeClaimCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
    {.json = "allocatedResources", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
    {.json = "allocatedResourceStatuses", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "currentVolumeAttributesClassName", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "modifyVolumeStatus", .shape = Shape::kStruct, .type = &kModifyVolumeStatus, .omitempty = true, .pointer = true},
};
const Struct kPersistentVolumeClaimStatus{"PersistentVolumeClaimStatus", kPersistentVolumeClaimStatusFields};

const Field kPersistentVolumeClaimFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kPersistentVolumeClaimSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kPersistentVolumeClaimStatus, .omitempty = true},
};
const Struct kPersistentVolumeClaim{"PersistentVolumeClaim", kPersistentVolumeClaimFields};

const Field kReplicationControllerSpecFields[] = {
    {.json = "replicas", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "minReadySeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "selector", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "template", .shape = Shape::kStruct, .type = &kPodTemplateSpec, .omitempty = true, .pointer = true},
};
const Struct kReplicationControllerSpec{"ReplicationControllerSpec", kReplicationControllerSpecFields};

const Field kWorkloadConditionFields[kWorkloadConditionFieldCount] = {
    {.json = "type", .shape = Shape::kString},
    {.json = "status", .shape = Shape::kString},
    {.json = "lastTransitionTime", .shape = Shape::kTime, .omitempty = true},
    {.json = "reason", .shape = Shape::kString, .omitempty = true},
    {.json = "message", .shape = Shape::kString, .omitempty = true},
};
const Struct kReplicationControllerCondition{"ReplicationControllerCondition", kWorkloadConditionFields};

const Field kReplicationControllerStatusFields[] = {
    {.json = "replicas", .shape = Shape::kInt32},
    {.json = "fullyLabeledReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "readyReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "availableReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "observedGeneration", .shape = Shape::kInt64, .omitempty = true},
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kReplicationControllerCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
};
const Struct kReplicationControllerStatus{"ReplicationControllerStatus", kReplicationControllerStatusFields};

const Field kReplicationControllerFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kReplicationControllerSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kReplicationControllerStatus, .omitempty = true},
};
const Struct kReplicationController{"ReplicationController", kReplicationControllerFields};

const Field kObjectReferenceFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "namespace", .shape = Shape::kString, .omitempty = true},
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "uid", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "resourceVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "fieldPath", .shape = Shape::kString, .omitempty = true},
};
const Struct kObjectReference{"ObjectReference", kObjectReferenceFields};
}  // namespace sidecarctl::kube::schema
