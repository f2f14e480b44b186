// Schema tables, core/v1 volume sources and what they contain.
// See typed_schema_tables.h for where the facts come from.
// clang-format off
#include "kube/typed_schema_tables.h"

// Designated initializers name only what differs from a Field's defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace sidecarctl::kube::schema {

const Field kHostPathVolumeSourceFields[] = {
    {.json = "path", .shape = Shape::kString},
    {.json = "type", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kHostPathVolumeSource{"HostPathVolumeSource", kHostPathVolumeSourceFields};

const Field kEmptyDirVolumeSourceFields[] = {
    {.json = "medium", .shape = Shape::kString, .omitempty = true},
    {.json = "sizeLimit", .shape = Shape::kQuantity, .omitempty = true, .pointer = true},
};
const Struct kEmptyDirVolumeSource{"EmptyDirVolumeSource", kEmptyDirVolumeSourceFields};

const Field kGCEPersistentDiskVolumeSourceFields[] = {
    {.json = "pdName", .shape = Shape::kString},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "partition", .shape = Shape::kInt32, .omitempty = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kGCEPersistentDiskVolumeSource{"GCEPersistentDiskVolumeSource", kGCEPersistentDiskVolumeSourceFields};

const Field kAWSElasticBlockStoreVolumeSourceFields[] = {
    {.json = "volumeID", .shape = Shape::kString},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "partition", .shape = Shape::kInt32, .omitempty = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kAWSElasticBlockStoreVolumeSource{"AWSElasticBlockStoreVolumeSource", kAWSElasticBlockStoreVolumeSourceFields};

const Field kGitRepoVolumeSourceFields[] = {
    {.json = "repository", .shape = Shape::kString},
    {.json = "revision", .shape = Shape::kString, .omitempty = true},
    {.json = "directory", .shape = Shape::kString, .omitempty = true},
};
const Struct kGitRepoVolumeSource{"GitRepoVolumeSource", kGitRepoVolumeSourceFields};

const Field kKeyToPathFields[] = {
    {.json = "key", .shape = Shape::kString},
    {.json = "path", .shape = Shape::kString},
    {.json = "mode", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kKeyToPath{"KeyToPath", kKeyToPathFields};

const Field kSecretVolumeSourceFields[] = {
    {.json = "secretName", .shape = Shape::kString, .omitempty = true},
    {.json = "items", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kKeyToPath, .omitempty = true},
    {.json = "defaultMode", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kSecretVolumeSource{"SecretVolumeSource", kSecretVolumeSourceFields};

const Field kNFSVolumeSourceFields[] = {
    {.json = "server", .shape = Shape::kString},
    {.json = "path", .shape = Shape::kString},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kNFSVolumeSource{"NFSVolumeSource", kNFSVolumeSourceFields};

const Field kLocalObjectReferenceFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
};
const Struct kLocalObjectReference{"LocalObjectReference", kLocalObjectReferenceFields};

const Field kISCSIVolumeSourceFields[] = {
    {.json = "targetPortal", .shape = Shape::kString},
    {.json = "iqn", .shape = Shape::kString},
    {.json = "lun", .shape = Shape::kInt32},
    {.json = "iscsiInterface", .shape = Shape::kString, .omitempty = true},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
    {.json = "portals", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "chapAuthDiscovery", .shape = Shape::kBool, .omitempty = true},
    {.json = "chapAuthSession", .shape = Shape::kBool, .omitempty = true},
    {.json = "secretRef", .shape = Shape::kStruct, .type = &kLocalObjectReference, .omitempty = true, .pointer = true},
    {.json = "initiatorName", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kISCSIVolumeSource{"ISCSIVolumeSource", kISCSIVolumeSourceFields};

const Field kGlusterfsVolumeSourceFields[] = {
    {.json = "endpoints", .shape = Shape::kString},
    {.json = "path", .shape = Shape::kString},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kGlusterfsVolumeSource{"GlusterfsVolumeSource", kGlusterfsVolumeSourceFields};

const Field kPersistentVolumeClaimVolumeSourceFields[] = {
    {.json = "claimName", .shape = Shape::kString},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kPersistentVolumeClaimVolumeSource{"PersistentVolumeClaimVolumeSource", kPersistentVolumeClaimVolumeSourceFields};

const Field kRBDVolumeSourceFields[] = {
    {.json = "monitors", .shape = Shape::kList, .elem = Shape::kString},
    {.json = "image", .shape = Shape::kString},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "pool", .shape = Shape::kString, .omitempty = true},
    {.json = "user", .shape = Shape::kString, .omitempty = true},
    {.json = "keyring", .shape = Shape::kString, .omitempty = true},
    {.json = "secretRef", .shape = Shape::kStruct, .type = &kLocalObjectReference, .omitempty = true, .pointer = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kRBDVolumeSource{"RBDVolumeSource", kRBDVolumeSourceFields};

const Field kFlexVolumeSourceFields[] = {
    {.json = "driver", .shape = Shape::kString},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "secretRef", .shape = Shape::kStruct, .type = &kLocalObjectReference, .omitempty = true, .pointer = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
    {.json = "options", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
};
const Struct kFlexVolumeSource{"FlexVolumeSource", kFlexVolumeSourceFields};

const Field kCinderVolumeSourceFields[] = {
    {.json = "volumeID", .shape = Shape::kString},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
    {.json = "secretRef", .shape = Shape::kStruct, .type = &kLocalObjectReference, .omitempty = true, .pointer = true},
};
const Struct kCinderVolumeSource{"CinderVolumeSource", kCinderVolumeSourceFields};

const Field kCephFSVolumeSourceFields[] = {
    {.json = "monitors", .shape = Shape::kList, .elem = Shape::kString},
    {.json = "path", .shape = Shape::kString, .omitempty = true},
    {.json = "user", .shape = Shape::kString, .omitempty = true},
    {.json = "secretFile", .shape = Shape::kString, .omitempty = true},
    {.json = "secretRef", .shape = Shape::kStruct, .type = &kLocalObjectReference, .omitempty = true, .pointer = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kCephFSVolumeSource{"CephFSVolumeSource", kCephFSVolumeSourceFields};

const Field kFlockerVolumeSourceFields[] = {
    {.json = "datasetName", .shape = Shape::kString, .omitempty = true},
    {.json = "datasetUUID", .shape = Shape::kString, .omitempty = true},
};
const Struct kFlockerVolumeSource{"FlockerVolumeSource", kFlockerVolumeSourceFields};

const Field kObjectFieldSelectorFields[] = {
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "fieldPath", .shape = Shape::kString},
};
const Struct kObjectFieldSelector{"ObjectFieldSelector", kObjectFieldSelectorFields};

const Field kResourceFieldSelectorFields[] = {
    {.json = "containerName", .shape = Shape::kString, .omitempty = true},
    {.json = "resource", .shape = Shape::kString},
    {.json = "divisor", .shape = Shape::kQuantity, .omitempty = true},
};
const Struct kResourceFieldSelector{"ResourceFieldSelector", kResourceFieldSelectorFields};

const Field kDownwardAPIVolumeFileFields[] = {
    {.json = "path", .shape = Shape::kString},
    {.json = "fieldRef", .shape = Shape::kStruct, .type = &kObjectFieldSelector, .omitempty = true, .pointer = true},
    {.json = "resourceFieldRef", .shape = Shape::kStruct, .type = &kResourceFieldSelector, .omitempty = true, .pointer = true},
    {.json = "mode", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kDownwardAPIVolumeFile{"DownwardAPIVolumeFile", kDownwardAPIVolumeFileFields};

const Field kDownwardAPIVolumeSourceFields[] = {
    {.json = "items", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kDownwardAPIVolumeFile, .omitempty = true},
    {.json = "defaultMode", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kDownwardAPIVolumeSource{"DownwardAPIVolumeSource", kDownwardAPIVolumeSourceFields};

const Field kFCVolumeSourceFields[] = {
    {.json = "targetWWNs", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "lun", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
    {.json = "wwids", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kFCVolumeSource{"FCVolumeSource", kFCVolumeSourceFields};

const Field kAzureFileVolumeSourceFields[] = {
    {.json = "secretName", .shape = Shape::kString},
    {.json = "shareName", .shape = Shape::kString},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kAzureFileVolumeSource{"AzureFileVolumeSource", kAzureFileVolumeSourceFields};

const Field kConfigMapVolumeSourceFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "items", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kKeyToPath, .omitempty = true},
    {.json = "defaultMode", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kConfigMapVolumeSource{"ConfigMapVolumeSource", kConfigMapVolumeSourceFields};

const Field kVsphereVirtualDiskVolumeSourceFields[] = {
    {.json = "volumePath", .shape = Shape::kString},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "storagePolicyName", .shape = Shape::kString, .omitempty = true},
    {.json = "storagePolicyID", .shape = Shape::kString, .omitempty = true},
};
const Struct kVsphereVirtualDiskVolumeSource{"VsphereVirtualDiskVolumeSource", kVsphereVirtualDiskVolumeSourceFields};

const Field kQuobyteVolumeSourceFields[] = {
    {.json = "registry", .shape = Shape::kString},
    {.json = "volume", .shape = Shape::kString},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
    {.json = "user", .shape = Shape::kString, .omitempty = true},
    {.json = "group", .shape = Shape::kString, .omitempty = true},
    {.json = "tenant", .shape = Shape::kString, .omitempty = true},
};
const Struct kQuobyteVolumeSource{"QuobyteVolumeSource", kQuobyteVolumeSourceFields};

const Field kAzureDiskVolumeSourceFields[] = {
    {.json = "diskName", .shape = Shape::kString},
    {.json = "diskURI", .shape = Shape::kString},
    {.json = "cachingMode", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "kind", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kAzureDiskVolumeSource{"AzureDiskVolumeSource", kAzureDiskVolumeSourceFields};

const Field kPhotonPersistentDiskVolumeSourceFields[] = {
    {.json = "pdID", .shape = Shape::kString},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
};
const Struct kPhotonPersistentDiskVolumeSource{"PhotonPersistentDiskVolumeSource", kPhotonPersistentDiskVolumeSourceFields};

const Field kSecretProjectionFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "items", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kKeyToPath, .omitempty = true},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kSecretProjection{"SecretProjection", kSecretProjectionFields};

const Field kDownwardAPIProjectionFields[] = {
    {.json = "items", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kDownwardAPIVolumeFile, .omitempty = true},
};
const Struct kDownwardAPIProjection{"DownwardAPIProjection", kDownwardAPIProjectionFields};

const Field kConfigMapProjectionFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "items", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kKeyToPath, .omitempty = true},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kConfigMapProjection{"ConfigMapProjection", kConfigMapProjectionFields};

const Field kServiceAccountTokenProjectionFields[] = {
    {.json = "audience", .shape = Shape::kString, .omitempty = true},
    {.json = "expirationSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "path", .shape = Shape::kString},
};
const Struct kServiceAccountTokenProjection{"ServiceAccountTokenProjection", kServiceAccountTokenProjectionFields};

const Field kClusterTrustBundleProjectionFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "signerName", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "labelSelector", .shape = Shape::kStruct, .type = &kLabelSelector, .omitempty = true, .pointer = true},
    {.json = "optional", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "path", .shape = Shape::kString},
};
const Struct kClusterTrustBundleProjection{"ClusterTrustBundleProjection", kClusterTrustBundleProjectionFields};

const Field kPodCertificateProjectionFields[] = {
    {.json = "signerName", .shape = Shape::kString, .omitempty = true},
    {.json = "keyType", .shape = Shape::kString, .omitempty = true},
    {.json = "maxExpirationSeconds", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
    {.json = "credentialBundlePath", .shape = Shape::kString, .omitempty = true},
    {.json = "keyPath", .shape = Shape::kString, .omitempty = true},
    {.json = "certificateChainPath", .shape = Shape::kString, .omitempty = true},
    {.json = "userAnnotations", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
};
const Struct kPodCertificateProjection{"PodCertificateProjection", kPodCertificateProjectionFields};

const Field kVolumeProjectionFields[] = {
    {.json = "secret", .shape = Shape::kStruct, .type = &kSecretProjection, .omitempty = true, .pointer = true},
    {.json = "downwardAPI", .shape = Shape::kStruct, .type = &kDownwardAPIProjection, .omitempty = true, .pointer = true},
    {.json = "configMap", .shape = Shape::kStruct, .type = &kConfigMapProjection, .omitempty = true, .pointer = true},
    {.json = "serviceAccountToken", .shape = Shape::kStruct, .type = &kServiceAccountTokenProjection, .omitempty = true, .pointer = true},
    {.json = "clusterTrustBundle", .shape = Shape::kStruct, .type = &kClusterTrustBundleProjection, .omitempty = true, .pointer = true},
    {.json = "podCertificate", .shape = Shape::kStruct, .type = &kPodCertificateProjection, .omitempty = true, .pointer = true},
};
const Struct kVolumeProjection{"VolumeProjection", kVolumeProjectionFields};

const Field kProjectedVolumeSourceFields[] = {
    {.json = "sources", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kVolumeProjection},
    {.json = "defaultMode", .shape = Shape::kInt32, .omitempty = true, .pointer = true},
};
const Struct kProjectedVolumeSource{"ProjectedVolumeSource", kProjectedVolumeSourceFields};

const Field kPortworxVolumeSourceFields[] = {
    {.json = "volumeID", .shape = Shape::kString},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kPortworxVolumeSource{"PortworxVolumeSource", kPortworxVolumeSourceFields};

const Field kScaleIOVolumeSourceFields[] = {
    {.json = "gateway", .shape = Shape::kString},
    {.json = "system", .shape = Shape::kString},
    {.json = "secretRef", .shape = Shape::kStruct, .type = &kLocalObjectReference, .pointer = true},
    {.json = "sslEnabled", .shape = Shape::kBool, .omitempty = true},
    {.json = "protectionDomain", .shape = Shape::kString, .omitempty = true},
    {.json = "storagePool", .shape = Shape::kString, .omitempty = true},
    {.json = "storageMode", .shape = Shape::kString, .omitempty = true},
    {.json = "volumeName", .shape = Shape::kString, .omitempty = true},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
};
const Struct kScaleIOVolumeSource{"ScaleIOVolumeSource", kScaleIOVolumeSourceFields};

const Field kStorageOSVolumeSourceFields[] = {
    {.json = "volumeName", .shape = Shape::kString, .omitempty = true},
    {.json = "volumeNamespace", .shape = Shape::kString, .omitempty = true},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true},
    {.json = "secretRef", .shape = Shape::kStruct, .type = &kLocalObjectReference, .omitempty = true, .pointer = true},
};
const Struct kStorageOSVolumeSource{"StorageOSVolumeSource", kStorageOSVolumeSourceFields};

const Field kCSIVolumeSourceFields[] = {
    {.json = "driver", .shape = Shape::kString},
    {.json = "readOnly", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "fsType", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "volumeAttributes", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "nodePublishSecretRef", .shape = Shape::kStruct, .type = &kLocalObjectReference, .omitempty = true, .pointer = true},
};
const Struct kCSIVolumeSource{"CSIVolumeSource", kCSIVolumeSourceFields};

const Field kVolumeResourceRequirementsFields[] = {
    {.json = "limits", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
    {.json = "requests", .shape = Shape::kMap, .elem = Shape::kQuantity, .omitempty = true},
};
const Struct kVolumeResourceRequirements{"VolumeResourceRequirements", kVolumeResourceRequirementsFields};

const Field kTypedLocalObjectReferenceFields[] = {
    {.json = "apiGroup", .shape = Shape::kString, .pointer = true},
    {.json = "kind", .shape = Shape::kString},
    {.json = "name", .shape = Shape::kString},
};
const Struct kTypedLocalObjectReference{"TypedLocalObjectReference", kTypedLocalObjectReferenceFields};

const Field kTypedObjectReferenceFields[] = {
    {.json = "apiGroup", .shape = Shape::kString, .pointer = true},
    {.json = "kind", .shape = Shape::kString},
    {.json = "name", .shape = Shape::kString},
    {.json = "namespace", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kTypedObjectReference{"TypedObjectReference", kTypedObjectReferenceFields};

const Field kPersistentVolumeClaimSpecFields[] = {
    {.json = "accessModes", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
    {.json = "selector", .shape = Shape::kStruct, .type = &kLabelSelector, .omitempty = true, .pointer = true},
    {.json = "resources", .shape = Shape::kStruct, .type = &kVolumeResourceRequirements, .omitempty = true},
    {.json = "volumeName", .shape = Shape::kString, .omitempty = true},
    {.json = "storageClassName", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "volumeMode", .shape = Shape::kString, .omitempty = true, .pointer = true},
    {.json = "dataSource", .shape = Shape::kStruct, .type = &kTypedLocalObjectReference, .omitempty = true, .pointer = true},
    {.json = "dataSourceRef", .shape = Shape::kStruct, .type = &kTypedObjectReference, .omitempty = true, .pointer = true},
    {.json = "volumeAttributesClassName", .shape = Shape::kString, .omitempty = true, .pointer = true},
};
const Struct kPersistentVolumeClaimSpec{"PersistentVolumeClaimSpec", kPersistentVolumeClaimSpecFields};

const Field kPersistentVolumeClaimTemplateFields[] = {
    {.json = "metadata", .shape = Shape::kStruct, .type = &kObjectMeta, .omitempty = true},
    {.json = "spec", .shape = Shape::kStruct, .type = &kPersistentVolumeClaimSpec},
};
const Struct kPersistentVolumeClaimTemplate{"PersistentVolumeClaimTemplate", kPersistentVolumeClaimTemplateFields};

const Field kEphemeralVolumeSourceFields[] = {
    {.json = "volumeClaimTemplate", .shape = Shape::kStruct, .type = &kPersistentVolumeClaimTemplate, .omitempty = true, .pointer = true},
};
const Struct kEphemeralVolumeSource{"EphemeralVolumeSource", kEphemeralVolumeSourceFields};

const Field kImageVolumeSourceFields[] = {
    {.json = "reference", .shape = Shape::kString, .omitempty = true},
    {.json = "pullPolicy", .shape = Shape::kString, .omitempty = true},
};
const Struct kImageVolumeSource{"ImageVolumeSource", kImageVolumeSourceFields};

const Field kVolumeFields[] = {
    {.json = "name", .shape = Shape::kString},
    {.json = "hostPath", .shape = Shape::kStruct, .type = &kHostPathVolumeSource, .omitempty = true, .pointer = true},
    {.json = "emptyDir", .shape = Shape::kStruct, .type = &kEmptyDirVolumeSource, .omitempty = true, .pointer = true},
    {.json = "gcePersistentDisk", .shape = Shape::kStruct, .type = &kGCEPersistentDiskVolumeSource, .omitempty = true, .pointer = true},
    {.json = "awsElasticBlockStore", .shape = Shape::kStruct, .type = &kAWSElasticBlockStoreVolumeSource, .omitempty = true, .pointer = true},
    {.json = "gitRepo", .shape = Shape::kStruct, .type = &kGitRepoVolumeSource, .omitempty = true, .pointer = true},
    {.json = "secret", .shape = Shape::kStruct, .type = &kSecretVolumeSource, .omitempty = true, .pointer = true},
    {.json = "nfs", .shape = Shape::kStruct, .type = &kNFSVolumeSource, .omitempty = true, .pointer = true},
    {.json = "iscsi", .shape = Shape::kStruct, .type = &kISCSIVolumeSource, .omitempty = true, .pointer = true},
    {.json = "glusterfs", .shape = Shape::kStruct, .type = &kGlusterfsVolumeSource, .omitempty = true, .pointer = true},
    {.json = "persistentVolumeClaim", .shape = Shape::kStruct, .type = &kPersistentVolumeClaimVolumeSource, .omitempty = true, .pointer = true},
    {.json = "rbd", .shape = Shape::kStruct, .type = &kRBDVolumeSource, .omitempty = true, .pointer = true},
    {.json = "flexVolume", .shape = Shape::kStruct, .type = &kFlexVolumeSource, .omitempty = true, .pointer = true},
    {.json = "cinder", .shape = Shape::kStruct, .type = &kCinderVolumeSource, .omitempty = true, .pointer = true},
    {.json = "cephfs", .shape = Shape::kStruct, .type = &kCephFSVolumeSource, .omitempty = true, .pointer = true},
    {.json = "flocker", .shape = Shape::kStruct, .type = &kFlockerVolumeSource, .omitempty = true, .pointer = true},
    {.json = "downwardAPI", .shape = Shape::kStruct, .type = &kDownwardAPIVolumeSource, .omitempty = true, .pointer = true},
    {.json = "fc", .shape = Shape::kStruct, .type = &kFCVolumeSource, .omitempty = true, .pointer = true},
    {.json = "azureFile", .shape = Shape::kStruct, .type = &kAzureFileVolumeSource, .omitempty = true, .pointer = true},
    {.json = "configMap", .shape = Shape::kStruct, .type = &kConfigMapVolumeSource, .omitempty = true, .pointer = true},
    {.json = "vsphereVolume", .shape = Shape::kStruct, .type = &kVsphereVirtualDiskVolumeSource, .omitempty = true, .pointer = true},
    {.json = "quobyte", .shape = Shape::kStruct, .type = &kQuobyteVolumeSource, .omitempty = true, .pointer = true},
    {.json = "azureDisk", .shape = Shape::kStruct, .type = &kAzureDiskVolumeSource, .omitempty = true, .pointer = true},
    {.json = "photonPersistentDisk", .shape = Shape::kStruct, .type = &kPhotonPersistentDiskVolumeSource, .omitempty = true, .pointer = true},
    {.json = "projected", .shape = Shape::kStruct, .type = &kProjectedVolumeSource, .omitempty = true, .pointer = true},
    {.json = "portworxVolume", .shape = Shape::kStruct, .type = &kPortworxVolumeSource, .omitempty = true, .pointer = true},
    {.json = "scaleIO", .shape = Shape::kStruct, .type = &kScaleIOVolumeSource, .omitempty = true, .pointer = true},
    {.json = "storageos", .shape = Shape::kStruct, .type = &kStorageOSVolumeSource, .omitempty = true, .pointer = true},
    {.json = "csi", .shape = Shape::kStruct, .type = &kCSIVolumeSource, .omitempty = true, .pointer = true},
    {.json = "ephemeral", .shape = Shape::kStruct, .type = &kEphemeralVolumeSource, .omitempty = true, .pointer = true},
    {.json = "image", .shape = Shape::kStruct, .type = &kImageVolumeSource, .omitempty = true, .pointer = true},
};
const Struct kVolume{"Volume", kVolumeFields};
}  // namespace sidecarctl::kube::schema
