// Schema tables, apps/v1, batch/v1 and openshift apps/v1 (DeploymentConfig; openshift's own structs whose Go name clashes with an apps/v1 one carry an OS prefix here).
// See typed_schema_tables.h for where the facts come from.
// clang-format off
#include "kube/typed_schema_tables.h"

// Designated initializers name only what differs from a Field's defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace sidecarctl::kube::schema {

const Field kRollingUpdateDeploymentFields[] = {
    {.json = "maxUnavailable", .shape = Shape::kIntOrString, .omitempty = true, .pointer = true},
    {.json = "maxSurge", .shape = Shape::kIntOrString, .omitempty = true, .pointer = true},
};
const Struct kRollingUpdateDeployment{"RollingUpdateDeployment", kRollingUpdateDeploymentFields};

const Field kDeploymentStrategyFields[] = {
    {.json = "type", .shape = Shape::kString, .omitempty = true},
    {.json = "rollingUpdate", .shape = Shape::kStruct, .type = &kRollingUpdateDeployment, .omitempty = true, .pointer = true},
};
const Struct kDeploymentStrategy{"DeploymentStrategy", kDeploymentStrategyFields};

const Field kDeploymentSpecFields[] = {
    {.json = "replicas", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "selector", .shape = Shape::kStruct, .type = &kLabelSelector, .pointer = true},
    {.json = "template", .shape = Shape::kStruct, .type = &kPodTemplateSpec},
    {.json = "strategy", .shape = Shape::kStruct, .type = &kDeploymentStrategy, .omitempty = true, .strategy = PatchStrategy::kRetainKeys},
    {.json = "minReadySeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "revisionHistoryLimit", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "paused", .shape = Shape::kBool, .omitempty = true},
    {.json = "progressDeadlineSeconds", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kDeploymentSpec{"DeploymentSpec", kDeploymentSpecFields};

const Field kDeploymentConditionFields[] = {
    {.json = "type", .shape = Shape::kString},
    {.json = "status", .shape = Shape::kString},
    {.json = "lastUpdateTime", .shape = Shape::kTime, .omitempty = true},
    {.json = "lastTransitionTime", .shape = Shape::kTime, .omitempty = true},
    {.json = "reason", .shape = Shape::kString, .omitempty = true},
    {.json = "message", .shape = Shape::kString, .omitempty = true},
};
const Struct kDeploymentCondition{"DeploymentCondition", kDeploymentConditionFields};

const Field kDeploymentStatusFields[] = {
    {.json = "observedGeneration", .shape = Shape::kInt64, .omitempty = true},
    {.json = "replicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "updatedReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "readyReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "availableReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "unavailableReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "terminatingReplicas", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kDeploymentCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
    {.json = "collisionCount", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kDeploymentStatus{"DeploymentStatus", kDeploymentStatusFields};

const Field kDeploymentFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kDeploymentSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kDeploymentStatus, .omitempty = true},
};
const Struct kDeployment{"Deployment", kDeploymentFields};

const Field kRollingUpdateDaemonSetFields[] = {
    {.json = "maxUnavailable", .shape = Shape::kIntOrString, .omitempty = true, .pointer = true},
    {.json = "maxSurge", .shape = Shape::kIntOrString, .omitempty = true, .pointer = true},
};
const Struct kRollingUpdateDaemonSet{"RollingUpdateDaemonSet", kRollingUpdateDaemonSetFields};

const Field kDaemonSetUpdateStrategyFields[] = {
    {.json = "type", .shape = Shape::kString, .omitempty = true},
    {.json = "rollingUpdate", .shape = Shape::kStruct, .type = &kRollingUpdateDaemonSet, .omitempty = true, .pointer = true},
};
const Struct kDaemonSetUpdateStrategy{"DaemonSetUpdateStrategy", kDaemonSetUpdateStrategyFields};

const Field kDaemonSetSpecFields[] = {
    {.json = "selector", .shape = Shape::kStruct, .type = &kLabelSelector, .pointer = true},
    {.json = "template", .shape = Shape::kStruct, .type = &kPodTemplateSpec},
    {.json = "updateStrategy", .shape = Shape::kStruct, .type = &kDaemonSetUpdateStrategy, .omitempty = true},
    {.json = "minReadySeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "revisionHistoryLimit", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kDaemonSetSpec{"DaemonSetSpec", kDaemonSetSpecFields};

const Struct kDaemonSetCondition{"DaemonSetCondition", kWorkloadConditionFields};

const Field kDaemonSetStatusFields[] = {
    {.json = "currentNumberScheduled", .shape = Shape::kInt32},
    {.json = "numberMisscheduled", .shape = Shape::kInt32},
    {.json = "desiredNumberScheduled", .shape = Shape::kInt32},
    {.json = "numberReady", .shape = Shape::kInt32},
    {.json = "observedGeneration", .shape = Shape::kInt64, .omitempty = true},
    {.json = "updatedNumberScheduled", .shape = Shape::kInt32, .omitempty = true},
    {.json = "numberAvailable", .shape = Shape::kInt32, .omitempty = true},
    {.json = "numberUnavailable", .shape = Shape::kInt32, .omitempty = true},
    {.json = "collisionCount", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kDaemonSetCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
};
const Struct kDaemonSetStatus{"DaemonSetStatus", kDaemonSetStatusFields};

const Field kDaemonSetFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kDaemonSetSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kDaemonSetStatus, .omitempty = true},
};
const Struct kDaemonSet{"DaemonSet", kDaemonSetFields};

const Field kRollingUpdateStatefulSetStrategyFields[] = {
    {.json = "partition", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "maxUnavailable", .shape = Shape::kIntOrString, .omitempty = true, .pointer = true},
};
const Struct kRollingUpdateStatefulSetStrategy{"RollingUpdateStatefulSetStrategy", kRollingUpdateStatefulSetStrategyFields};

const Field kStatefulSetUpdateStrategyFields[] = {
    {.json = "type", .shape = Shape::kString, .omitempty = true},
    {.json = "rollingUpdate", .shape = Shape::kStruct, .type = &kRollingUpdateStatefulSetStrategy, .omitempty = true, .pointer = true},
};
const Struct kStatefulSetUpdateStrategy{"StatefulSetUpdateStrategy", kStatefulSetUpdateStrategyFields};

const Field kStatefulSetPersistentVolumeClaimRetentionPolicyFields[] = {
    {.json = "whenDeleted", .shape = Shape::kString, .omitempty = true},
    {.json = "whenScaled", .shape = Shape::kString, .omitempty = true},
};
const Struct kStatefulSetPersistentVolumeClaimRetentionPolicy{"StatefulSetPersistentVolumeClaimRetentionPolicy", kStatefulSetPersistentVolumeClaimRetentionPolicyFields};

const Field kStatefulSetOrdinalsFields[] = {
    {.json = "start", .shape = Shape::kInt32},
};
const Struct kStatefulSetOrdinals{"StatefulSetOrdinals", kStatefulSetOrdinalsFields};

const Field kStatefulSetSpecFields[] = {
    {.json = "replicas", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "selector", .shape = Shape::kStruct, .type = &kLabelSelector, .pointer = true},
    {.json = "template", .shape = Shape::kStruct, .type = &kPodTemplateSpec},
    {.json = "volumeClaimTemplates", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPersistentVolumeClaim, .omitempty = true},
    {.json = "serviceName", .shape = Shape::kString},
    {.json = "podManagementPolicy", .shape = Shape::kString, .omitempty = true},
    {.json = "updateStrategy", .shape = Shape::kStruct, .type = &kStatefulSetUpdateStrategy, .omitempty = true},
    {.json = "revisionHistoryLimit", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "minReadySeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "persistentVolumeClaimRetentionPolicy", .shape = Shape::kStruct, .type = &kStatefulSetPersistentVolumeClaimRetentionPolicy, .omitempty = true, .pointer = true},
    {.json = "ordinals", .shape = Shape::kStruct, .type = &kStatefulSetOrdinals, .omitempty = true, .pointer = true},
};
const Struct kStatefulSetSpec{"StatefulSetSpec", kStatefulSetSpecFields};

const Struct kStatefulSetCondition{"StatefulSetCondition", kWorkloadConditionFields};

const Field kStatefulSetStatusFields[] = {
    {.json = "observedGeneration", .shape = Shape::kInt64, .omitempty = true},
    {.json = "replicas", .shape = Shape::kInt32},
    {.json = "readyReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "currentReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "updatedReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "currentRevision", .shape = Shape::kString, .omitempty = true},
    {.json = "updateRevision", .shape = Shape::kString, .omitempty = true},
    {.json = "collisionCount", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kStatefulSetCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
    {.json = "availableReplicas", .shape = Shape::kInt32},
};
const Struct kStatefulSetStatus{"StatefulSetStatus", kStatefulSetStatusFields};

const Field kStatefulSetFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kStatefulSetSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kStatefulSetStatus, .omitempty = true},
};
const Struct kStatefulSet{"StatefulSet", kStatefulSetFields};

const Field kReplicaSetSpecFields[] = {
    {.json = "replicas", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "minReadySeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "selector", .shape = Shape::kStruct, .type = &kLabelSelector, .pointer = true},
    {.json = "template", .shape = Shape::kStruct, .type = &kPodTemplateSpec, .omitempty = true},
};
const Struct kReplicaSetSpec{"ReplicaSetSpec", kReplicaSetSpecFields};

const Struct kReplicaSetCondition{"ReplicaSetCondition", kWorkloadConditionFields};

const Field kReplicaSetStatusFields[] = {
    {.json = "replicas", .shape = Shape::kInt32},
    {.json = "fullyLabeledReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "readyReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "availableReplicas", .shape = Shape::kInt32, .omitempty = true},
    {.json = "terminatingReplicas", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "observedGeneration", .shape = Shape::kInt64, .omitempty = true},
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kReplicaSetCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
};
const Struct kReplicaSetStatus{"ReplicaSetStatus", kReplicaSetStatusFields};

const Field kReplicaSetFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kReplicaSetSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kReplicaSetStatus, .omitempty = true},
};
const Struct kReplicaSet{"ReplicaSet", kReplicaSetFields};

const Field kPodFailurePolicyOnExitCodesRequirementFields[] = {
    {.json = "containerName", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "operator", .shape = Shape::kString},
    {.json = "values", .shape = Shape::kList, .elem = Shape::kInt32},
};
const Struct kPodFailurePolicyOnExitCodesRequirement{"PodFailurePolicyOnExitCodesRequirement", kPodFailurePolicyOnExitCodesRequirementFields};

const Field kPodFailurePolicyOnPodConditionsPatternFields[] = {
    {.json = "type", .shape = Shape::kString},
    {.json = "status", .shape = Shape::kString},
};
const Struct kPodFailurePolicyOnPodConditionsPattern{"PodFailurePolicyOnPodConditionsPattern", kPodFailurePolicyOnPodConditionsPatternFields};

const Field kPodFailurePolicyRuleFields[] = {
    {.json = "action", .shape = Shape::kString},
    {.json = "onExitCodes", .shape = Shape::kStruct, .type = &kPodFailurePolicyOnExitCodesRequirement, .omitempty = true, .pointer = true},
    {.json = "onPodConditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodFailurePolicyOnPodConditionsPattern, .omitempty = true},
};
const Struct kPodFailurePolicyRule{"PodFailurePolicyRule", kPodFailurePolicyRuleFields};

const Field kPodFailurePolicyFields[] = {
    {.json = "rules", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kPodFailurePolicyRule},
};
const Struct kPodFailurePolicy{"PodFailurePolicy", kPodFailurePolicyFields};

const Field kSuccessPolicyRuleFields[] = {
    {.json = "succeededIndexes", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "succeededCount", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kSuccessPolicyRule{"SuccessPolicyRule", kSuccessPolicyRuleFields};

const Field kSuccessPolicyFields[] = {
    {.json = "rules", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kSuccessPolicyRule},
};
const Struct kSuccessPolicy{"SuccessPolicy", kSuccessPolicyFields};

const Field kJobSpecFields[] = {
    {.json = "parallelism", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "completions", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "activeDeadlineSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "podFailurePolicy", .shape = Shape::kStruct, .type = &kPodFailurePolicy, .omitempty = true, .pointer = true},
    {.json = "successPolicy", .shape = Shape::kStruct, .type = &kSuccessPolicy, .omitempty = true, .pointer = true},
    {.json = "backoffLimit", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "backoffLimitPerIndex", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "maxFailedIndexes", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "selector", .shape = Shape::kStruct, .type = &kLabelSelector, .omitempty = true, .pointer = true},
    {.json = "manualSelector", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "template", .shape = Shape::kStruct, .type = &kPodTemplateSpec},
    {.json = "ttlSecondsAfterFinished", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "completionMode", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "suspend", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "podReplacementPolicy", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "managedBy", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kJobSpec{"JobSpec", kJobSpecFields};

const Struct kJobCondition{"JobCondition", kProbedConditionFields};

const Field kUncountedTerminatedPodsFields[] = {
    {.json = "succeeded", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "failed", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kUncountedTerminatedPods{"UncountedTerminatedPods", kUncountedTerminatedPodsFields};

const Field kJobStatusFields[] = {
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kJobCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
    {.json = "startTime", .shape = Shape::kTime, .omitempty = true, .pointer = true},
    {.json = "completionTime", .shape = Shape::kTime, .omitempty = true, .pointer = true},
    {.json = "active", .shape = Shape::kInt32, .omitempty = true},
    {.json = "succeeded", .shape = Shape::kInt32, .omitempty = true},
    {.json = "failed", .shape = Shape::kInt32, .omitempty = true},
    {.json = "terminating", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "completedIndexes", .shape = Shape::kString, .omitempty = true},
    {.json = "failedIndexes", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "uncountedTerminatedPods", .shape = Shape::kStruct, .type = &kUncountedTerminatedPods, .omitempty = true, .pointer = true},
    {.json = "ready", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kJobStatus{"JobStatus", kJobStatusFields};

const Field kJobFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kJobSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kJobStatus, .omitempty = true},
};
const Struct kJob{"Job", kJobFields};

const Field kJobTemplateSpecFields[] = {
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kJobSpec, .omitempty = true},
};
const Struct kJobTemplateSpec{"JobTemplateSpec", kJobTemplateSpecFields};

const Field kCronJobSpecFields[] = {
    {.json = "schedule", .shape = Shape::kString},
    {.json = "timeZone", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "startingDeadlineSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "concurrencyPolicy", .shape = Shape::kString, .omitempty = true},
    {.json = "suspend", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "jobTemplate", .shape = Shape::kStruct, .type = &kJobTemplateSpec},
    {.json = "successfulJobsHistoryLimit", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "failedJobsHistoryLimit", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kCronJobSpec{"CronJobSpec", kCronJobSpecFields};

const Field kCronJobStatusFields[] = {
    {.json = "active", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kObjectReference, .omitempty = true},
    {.json = "lastScheduleTime", .shape = Shape::kTime, .omitempty = true, .pointer = true},
    {.json = "lastSuccessfulTime", .shape = Shape::kTime, .omitempty = true, .pointer = true},
};
const Struct kCronJobStatus{"CronJobStatus", kCronJobStatusFields};

const Field kCronJobFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kCronJobSpec, .omitempty = true},
    {.json = "status", .shape = Shape::kStruct, .type = &kCronJobStatus, .omitempty = true},
};
const Struct kCronJob{"CronJob", kCronJobFields};

const Field kCustomDeploymentStrategyParamsFields[] = {
    {.json = "image", .shape = Shape::kString, .omitempty = true},
    {.json = "environment", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kEnvVar, .omitempty = true},
    {.json = "command", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kCustomDeploymentStrategyParams{"CustomDeploymentStrategyParams", kCustomDeploymentStrategyParamsFields};

const Field kExecNewPodHookFields[] = {
    {.json = "command", .shape = Shape::kList, .elem = Shape::kString},
    {.json = "env", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kEnvVar, .omitempty = true},
    {.json = "containerName", .shape = Shape::kString},
    {.json = "volumes", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kExecNewPodHook{"ExecNewPodHook", kExecNewPodHookFields};

const Field kTagImageHookFields[] = {
    {.json = "containerName", .shape = Shape::kString},
    {.json = "to", .shape = Shape::kStruct, .type = &kObjectReference},
};
const Struct kTagImageHook{"TagImageHook", kTagImageHookFields};

const Field kLifecycleHookFields[] = {
    {.json = "failurePolicy", .shape = Shape::kString},
    {.json = "execNewPod", .shape = Shape::kStruct, .type = &kExecNewPodHook, .omitempty = true, .pointer = true},
    {.json = "tagImages", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kTagImageHook, .omitempty = true},
};
const Struct kLifecycleHook{"LifecycleHook", kLifecycleHookFields};

const Field kRecreateDeploymentStrategyParamsFields[] = {
    {.json = "timeoutSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "pre", .shape = Shape::kStruct, .type = &kLifecycleHook, .omitempty = true, .pointer = true},
    {.json = "mid", .shape = Shape::kStruct, .type = &kLifecycleHook, .omitempty = true, .pointer = true},
    {.json = "post", .shape = Shape::kStruct, .type = &kLifecycleHook, .omitempty = true, .pointer = true},
};
const Struct kRecreateDeploymentStrategyParams{"RecreateDeploymentStrategyParams", kRecreateDeploymentStrategyParamsFields};

const Field kRollingDeploymentStrategyParamsFields[] = {
    {.json = "updatePeriodSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "intervalSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "timeoutSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "maxUnavailable", .shape = Shape::kIntOrString, .omitempty = true, .pointer = true},
    {.json = "maxSurge", .shape = Shape::kIntOrString, .omitempty = true, .pointer = true},
    {.json = "pre", .shape = Shape::kStruct, .type = &kLifecycleHook, .omitempty = true, .pointer = true},
    {.json = "post", .shape = Shape::kStruct, .type = &kLifecycleHook, .omitempty = true, .pointer = true},
};
const Struct kRollingDeploymentStrategyParams{"RollingDeploymentStrategyParams", kRollingDeploymentStrategyParamsFields};

const Field kOSDeploymentStrategyFields[] = {
    {.json = "type", .shape = Shape::kString, .omitempty = true},
    {.json = "customParams", .shape = Shape::kStruct, .type = &kCustomDeploymentStrategyParams, .omitempty = true, .pointer = true},
    {.json = "recreateParams", .shape = Shape::kStruct, .type = &kRecreateDeploymentStrategyParams, .omitempty = true, .pointer = true},
    {.json = "rollingParams", .shape = Shape::kStruct, .type = &kRollingDeploymentStrategyParams, .omitempty = true, .pointer = true},
    {.json = "resources", .shape = Shape::kStruct, .type = &kResourceRequirements, .omitempty = true},
    {.json = "labels", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "annotations", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "activeDeadlineSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
};
const Struct kOSDeploymentStrategy{"DeploymentStrategy", kOSDeploymentStrategyFields};

const Field kDeploymentTriggerImageChangeParamsFields[] = {
    {.json = "automatic", .shape = Shape::kBool, .omitempty = true},
    {.json = "containerNames", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "from", .shape = Shape::kStruct, .type = &kObjectReference},
    {.json = "lastTriggeredImage", .shape = Shape::kString, .omitempty = true},
};
const Struct kDeploymentTriggerImageChangeParams{"DeploymentTriggerImageChangeParams", kDeploymentTriggerImageChangeParamsFields};

const Field kDeploymentTriggerPolicyFields[] = {
    {.json = "type", .shape = Shape::kString, .omitempty = true},
    {.json = "imageChangeParams", .shape = Shape::kStruct, .type = &kDeploymentTriggerImageChangeParams, .omitempty = true, .pointer = true},
};
const Struct kDeploymentTriggerPolicy{"DeploymentTriggerPolicy", kDeploymentTriggerPolicyFields};

const Field kDeploymentConfigSpecFields[] = {
    {.json = "strategy", .shape = Shape::kStruct, .type = &kOSDeploymentStrategy},
    {.json = "minReadySeconds", .shape = Shape::kInt32, .omitempty = true},
    {.json = "triggers", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kDeploymentTriggerPolicy},
    {.json = "replicas", .shape = Shape::kInt32},
    {.json = "revisionHistoryLimit", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "test", .shape = Shape::kBool},
    {.json = "paused", .shape = Shape::kBool, .omitempty = true},
    {.json = "selector", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "template", .shape = Shape::kStruct, .type = &kPodTemplateSpec, .omitempty = true, .pointer = true},
};
const Struct kDeploymentConfigSpec{"DeploymentConfigSpec", kDeploymentConfigSpecFields};

const Field kDeploymentCauseImageTriggerFields[] = {
    {.json = "from", .shape = Shape::kStruct, .type = &kObjectReference},
};
const Struct kDeploymentCauseImageTrigger{"DeploymentCauseImageTrigger", kDeploymentCauseImageTriggerFields};

const Field kDeploymentCauseFields[] = {
    {.json = "type", .shape = Shape::kString},
    {.json = "imageTrigger", .shape = Shape::kStruct, .type = &kDeploymentCauseImageTrigger, .omitempty = true, .pointer = true},
};
const Struct kDeploymentCause{"DeploymentCause", kDeploymentCauseFields};

const Field kDeploymentDetailsFields[] = {
    {.json = "message", .shape = Shape::kString, .omitempty = true},
    {.json = "causes", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kDeploymentCause},
};
const Struct kDeploymentDetails{"DeploymentDetails", kDeploymentDetailsFields};

const Struct kOSDeploymentCondition{"DeploymentCondition", kDeploymentConditionFields};

const Field kDeploymentConfigStatusFields[] = {
    {.json = "latestVersion", .shape = Shape::kInt64},
    {.json = "observedGeneration", .shape = Shape::kInt64},
    {.json = "replicas", .shape = Shape::kInt32},
    {.json = "updatedReplicas", .shape = Shape::kInt32},
    {.json = "availableReplicas", .shape = Shape::kInt32},
    {.json = "unavailableReplicas", .shape = Shape::kInt32},
    {.json = "details", .shape = Shape::kStruct, .type = &kDeploymentDetails, .omitempty = true, .pointer = true},
    {.json = "conditions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kOSDeploymentCondition, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "type"},
    {.json = "readyReplicas", .shape = Shape::kInt32, .omitempty = true},
};
const Struct kDeploymentConfigStatus{"DeploymentConfigStatus", kDeploymentConfigStatusFields};

const Field kDeploymentConfigFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kDeploymentConfigSpec},
    {.json = "status", .shape = Shape::kStruct, .type = &kDeploymentConfigStatus, .omitempty = true},
};
const Struct kDeploymentConfig{"DeploymentConfig", kDeploymentConfigFields};
}  // namespace sidecarctl::kube::schema
