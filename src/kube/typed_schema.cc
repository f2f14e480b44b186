#include "kube/typed_schema.h"

#include <algorithm>
#include <array>
#include <utility>

#include "kube/typed_schema_tables.h"

namespace sidecarctl::kube::schema {
namespace {

bool equal_fold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Every struct by Go name, sorted for binary search. openshift's clashing names carry "OS".
constexpr std::pair<std::string_view, const Struct*> kRegistry[] = {
    {"AWSElasticBlockStoreVolumeSource", &kAWSElasticBlockStoreVolumeSource},
    {"Affinity", &kAffinity},
    {"AppArmorProfile", &kAppArmorProfile},
    {"AzureDiskVolumeSource", &kAzureDiskVolumeSource},
    {"AzureFileVolumeSource", &kAzureFileVolumeSource},
    {"CSIVolumeSource", &kCSIVolumeSource},
    {"Capabilities", &kCapabilities},
    {"CephFSVolumeSource", &kCephFSVolumeSource},
    {"CinderVolumeSource", &kCinderVolumeSource},
    {"ClusterTrustBundleProjection", &kClusterTrustBundleProjection},
    {"ConfigMapEnvSource", &kConfigMapEnvSource},
    {"ConfigMapKeySelector", &kConfigMapKeySelector},
    {"ConfigMapProjection", &kConfigMapProjection},
    {"ConfigMapVolumeSource", &kConfigMapVolumeSource},
    {"Container", &kContainer},
    {"ContainerExtendedResourceRequest", &kContainerExtendedResourceRequest},
    {"ContainerPort", &kContainerPort},
    {"ContainerResizePolicy", &kContainerResizePolicy},
    {"ContainerRestartRule", &kContainerRestartRule},
    {"ContainerRestartRuleOnExitCodes", &kContainerRestartRuleOnExitCodes},
    {"ContainerState", &kContainerState},
    {"ContainerStateRunning", &kContainerStateRunning},
    {"ContainerStateTerminated", &kContainerStateTerminated},
    {"ContainerStateWaiting", &kContainerStateWaiting},
    {"ContainerStatus", &kContainerStatus},
    {"ContainerUser", &kContainerUser},
    {"CronJob", &kCronJob},
    {"CronJobSpec", &kCronJobSpec},
    {"CronJobStatus", &kCronJobStatus},
    {"CustomDeploymentStrategyParams", &kCustomDeploymentStrategyParams},
    {"DaemonSet", &kDaemonSet},
    {"DaemonSetCondition", &kDaemonSetCondition},
    {"DaemonSetSpec", &kDaemonSetSpec},
    {"DaemonSetStatus", &kDaemonSetStatus},
    {"DaemonSetUpdateStrategy", &kDaemonSetUpdateStrategy},
    {"Deployment", &kDeployment},
    {"DeploymentCause", &kDeploymentCause},
    {"DeploymentCauseImageTrigger", &kDeploymentCauseImageTrigger},
    {"DeploymentCondition", &kDeploymentCondition},
    {"DeploymentConfig", &kDeploymentConfig},
    {"DeploymentConfigSpec", &kDeploymentConfigSpec},
    {"DeploymentConfigStatus", &kDeploymentConfigStatus},
    {"DeploymentDetails", &kDeploymentDetails},
    {"DeploymentSpec", &kDeploymentSpec},
    {"DeploymentStatus", &kDeploymentStatus},
    {"DeploymentStrategy", &kDeploymentStrategy},
    {"DeploymentTriggerImageChangeParams", &kDeploymentTriggerImageChangeParams},
    {"DeploymentTriggerPolicy", &kDeploymentTriggerPolicy},
    {"DownwardAPIProjection", &kDownwardAPIProjection},
    {"DownwardAPIVolumeFile", &kDownwardAPIVolumeFile},
    {"DownwardAPIVolumeSource", &kDownwardAPIVolumeSource},
    {"EmptyDirVolumeSource", &kEmptyDirVolumeSource},
    {"EnvFromSource", &kEnvFromSource},
    {"EnvVar", &kEnvVar},
    {"EnvVarSource", &kEnvVarSource},
    {"EphemeralContainer", &kEphemeralContainer},
    {"EphemeralVolumeSource", &kEphemeralVolumeSource},
    {"ExecAction", &kExecAction},
    {"ExecNewPodHook", &kExecNewPodHook},
    {"FCVolumeSource", &kFCVolumeSource},
    {"FileKeySelector", &kFileKeySelector},
    {"FlexVolumeSource", &kFlexVolumeSource},
    {"FlockerVolumeSource", &kFlockerVolumeSource},
    {"GCEPersistentDiskVolumeSource", &kGCEPersistentDiskVolumeSource},
    {"GRPCAction", &kGRPCAction},
    {"GitRepoVolumeSource", &kGitRepoVolumeSource},
    {"GlusterfsVolumeSource", &kGlusterfsVolumeSource},
    {"HTTPGetAction", &kHTTPGetAction},
    {"HTTPHeader", &kHTTPHeader},
    {"HostAlias", &kHostAlias},
    {"HostIP", &kHostIP},
    {"HostPathVolumeSource", &kHostPathVolumeSource},
    {"ISCSIVolumeSource", &kISCSIVolumeSource},
    {"ImageVolumeSource", &kImageVolumeSource},
    {"ImageVolumeStatus", &kImageVolumeStatus},
    {"Job", &kJob},
    {"JobCondition", &kJobCondition},
    {"JobSpec", &kJobSpec},
    {"JobStatus", &kJobStatus},
    {"JobTemplateSpec", &kJobTemplateSpec},
    {"KeyToPath", &kKeyToPath},
    {"LabelSelector", &kLabelSelector},
    {"LabelSelectorRequirement", &kLabelSelectorRequirement},
    {"Lifecycle", &kLifecycle},
    {"LifecycleHandler", &kLifecycleHandler},
    {"LifecycleHook", &kLifecycleHook},
    {"LinuxContainerUser", &kLinuxContainerUser},
    {"List", &kList},
    {"ListMeta", &kListMeta},
    {"LocalObjectReference", &kLocalObjectReference},
    {"ManagedFieldsEntry", &kManagedFieldsEntry},
    {"ModifyVolumeStatus", &kModifyVolumeStatus},
    {"NFSVolumeSource", &kNFSVolumeSource},
    {"NodeAffinity", &kNodeAffinity},
    {"NodeAllocatableResourceClaimStatus", &kNodeAllocatableResourceClaimStatus},
    {"NodeSelector", &kNodeSelector},
    {"NodeSelectorRequirement", &kNodeSelectorRequirement},
    {"NodeSelectorTerm", &kNodeSelectorTerm},
    {"OSDeploymentCondition", &kOSDeploymentCondition},
    {"OSDeploymentStrategy", &kOSDeploymentStrategy},
    {"ObjectFieldSelector", &kObjectFieldSelector},
    {"ObjectMeta", &kObjectMeta},
    {"ObjectReference", &kObjectReference},
    {"OwnerReference", &kOwnerReference},
    {"PersistentVolumeClaim", &kPersistentVolumeClaim},
    {"PersistentVolumeClaimCondition", &kPersistentVolumeClaimCondition},
    {"PersistentVolumeClaimSpec", &kPersistentVolumeClaimSpec},
    {"PersistentVolumeClaimStatus", &kPersistentVolumeClaimStatus},
    {"PersistentVolumeClaimTemplate", &kPersistentVolumeClaimTemplate},
    {"PersistentVolumeClaimVolumeSource", &kPersistentVolumeClaimVolumeSource},
    {"PhotonPersistentDiskVolumeSource", &kPhotonPersistentDiskVolumeSource},
    {"Pod", &kPod},
    {"PodAffinity", &kPodAffinity},
    {"PodAffinityTerm", &kPodAffinityTerm},
    {"PodAntiAffinity", &kPodAntiAffinity},
    {"PodCertificateProjection", &kPodCertificateProjection},
    {"PodCondition", &kPodCondition},
    {"PodDNSConfig", &kPodDNSConfig},
    {"PodDNSConfigOption", &kPodDNSConfigOption},
    {"PodExtendedResourceClaimStatus", &kPodExtendedResourceClaimStatus},
    {"PodFailurePolicy", &kPodFailurePolicy},
    {"PodFailurePolicyOnExitCodesRequirement", &kPodFailurePolicyOnExitCodesRequirement},
    {"PodFailurePolicyOnPodConditionsPattern", &kPodFailurePolicyOnPodConditionsPattern},
    {"PodFailurePolicyRule", &kPodFailurePolicyRule},
    {"PodIP", &kPodIP},
    {"PodOS", &kPodOS},
    {"PodReadinessGate", &kPodReadinessGate},
    {"PodResourceClaim", &kPodResourceClaim},
    {"PodResourceClaimStatus", &kPodResourceClaimStatus},
    {"PodSchedulingGate", &kPodSchedulingGate},
    {"PodSchedulingGroup", &kPodSchedulingGroup},
    {"PodSecurityContext", &kPodSecurityContext},
    {"PodSpec", &kPodSpec},
    {"PodStatus", &kPodStatus},
    {"PodTemplate", &kPodTemplate},
    {"PodTemplateSpec", &kPodTemplateSpec},
    {"PortworxVolumeSource", &kPortworxVolumeSource},
    {"PreferredSchedulingTerm", &kPreferredSchedulingTerm},
    {"Probe", &kProbe},
    {"ProjectedVolumeSource", &kProjectedVolumeSource},
    {"QuobyteVolumeSource", &kQuobyteVolumeSource},
    {"RBDVolumeSource", &kRBDVolumeSource},
    {"RecreateDeploymentStrategyParams", &kRecreateDeploymentStrategyParams},
    {"ReplicaSet", &kReplicaSet},
    {"ReplicaSetCondition", &kReplicaSetCondition},
    {"ReplicaSetSpec", &kReplicaSetSpec},
    {"ReplicaSetStatus", &kReplicaSetStatus},
    {"ReplicationController", &kReplicationController},
    {"ReplicationControllerCondition", &kReplicationControllerCondition},
    {"ReplicationControllerSpec", &kReplicationControllerSpec},
    {"ReplicationControllerStatus", &kReplicationControllerStatus},
    {"ResourceClaim", &kResourceClaim},
    {"ResourceFieldSelector", &kResourceFieldSelector},
    {"ResourceHealth", &kResourceHealth},
    {"ResourceRequirements", &kResourceRequirements},
    {"ResourceStatus", &kResourceStatus},
    {"RollingDeploymentStrategyParams", &kRollingDeploymentStrategyParams},
    {"RollingUpdateDaemonSet", &kRollingUpdateDaemonSet},
    {"RollingUpdateDeployment", &kRollingUpdateDeployment},
    {"RollingUpdateStatefulSetStrategy", &kRollingUpdateStatefulSetStrategy},
    {"SELinuxOptions", &kSELinuxOptions},
    {"ScaleIOVolumeSource", &kScaleIOVolumeSource},
    {"SeccompProfile", &kSeccompProfile},
    {"SecretEnvSource", &kSecretEnvSource},
    {"SecretKeySelector", &kSecretKeySelector},
    {"SecretProjection", &kSecretProjection},
    {"SecretVolumeSource", &kSecretVolumeSource},
    {"SecurityContext", &kSecurityContext},
    {"ServiceAccountTokenProjection", &kServiceAccountTokenProjection},
    {"ShardInfo", &kShardInfo},
    {"SleepAction", &kSleepAction},
    {"StatefulSet", &kStatefulSet},
    {"StatefulSetCondition", &kStatefulSetCondition},
    {"StatefulSetOrdinals", &kStatefulSetOrdinals},
    {"StatefulSetPersistentVolumeClaimRetentionPolicy", &kStatefulSetPersistentVolumeClaimRetentionPolicy},
    {"StatefulSetSpec", &kStatefulSetSpec},
    {"StatefulSetStatus", &kStatefulSetStatus},
    {"StatefulSetUpdateStrategy", &kStatefulSetUpdateStrategy},
    {"StorageOSVolumeSource", &kStorageOSVolumeSource},
    {"SuccessPolicy", &kSuccessPolicy},
    {"SuccessPolicyRule", &kSuccessPolicyRule},
    {"Sysctl", &kSysctl},
    {"TCPSocketAction", &kTCPSocketAction},
    {"TagImageHook", &kTagImageHook},
    {"Toleration", &kToleration},
    {"TopologySpreadConstraint", &kTopologySpreadConstraint},
    {"TypedLocalObjectReference", &kTypedLocalObjectReference},
    {"TypedObjectReference", &kTypedObjectReference},
    {"UncountedTerminatedPods", &kUncountedTerminatedPods},
    {"Volume", &kVolume},
    {"VolumeDevice", &kVolumeDevice},
    {"VolumeMount", &kVolumeMount},
    {"VolumeMountStatus", &kVolumeMountStatus},
    {"VolumeProjection", &kVolumeProjection},
    {"VolumeResourceRequirements", &kVolumeResourceRequirements},
    {"VolumeStatus", &kVolumeStatus},
    {"VsphereVirtualDiskVolumeSource", &kVsphereVirtualDiskVolumeSource},
    {"WeightedPodAffinityTerm", &kWeightedPodAffinityTerm},
    {"WindowsSecurityContextOptions", &kWindowsSecurityContextOptions},
};

}  // namespace

const Field* Struct::find_exact(std::string_view json) const {
  for (const Field& f : fields) {
    // Length and first byte first: most fields differ there, without a memcmp call.
    if (f.json.size() != json.size() || (!json.empty() && f.json[0] != json[0])) continue;
    if (f.json == json) return &f;
  }
  return nullptr;
}

const Field* Struct::find_folded(std::string_view json) const {
  for (const Field& f : fields) {
    if (equal_fold(f.json, json)) return &f;
  }
  return nullptr;
}

const Field* Struct::find(std::string_view json) const {
  if (const Field* f = find_exact(json)) return f;
  return find_folded(json);
}

const Struct* find_struct(std::string_view go_name) {
  const auto* end = std::end(kRegistry);
  const auto* it = std::lower_bound(std::begin(kRegistry), end, go_name,
                                    [](const auto& entry, std::string_view name) { return entry.first < name; });
  if (it == end || it->first != go_name) return nullptr;
  return it->second;
}

}  // namespace sidecarctl::kube::schema
