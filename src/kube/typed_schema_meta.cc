// Schema tables, meta/v1: ObjectMeta, LabelSelector, ListMeta, List.
// See typed_schema_tables.h for where the facts come from.
// clang-format off
#include "kube/typed_schema_tables.h"

// Designated initializers name only what differs from a Field's defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace sidecarctl::kube::schema {

const Field kOwnerReferenceFields[] = {
    {.json = "apiVersion", .shape = Shape::kString},
    {.json = "kind", .shape = Shape::kString},
    {.json = "name", .shape = Shape::kString},
    {.json = "uid", .shape = Shape::kString},
    {.json = "controller", .shape = Shape::kBool, .omitempty = true, .pointer = true},
    {.json = "blockOwnerDeletion", .shape = Shape::kBool, .omitempty = true, .pointer = true},
};
const Struct kOwnerReference{"OwnerReference", kOwnerReferenceFields};

const Field kManagedFieldsEntryFields[] = {
    {.json = "manager", .shape = Shape::kString, .omitempty = true},
    {.json = "operation", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "time", .shape = Shape::kTime, .omitempty = true, .pointer = true},
    {.json = "fieldsType", .shape = Shape::kString, .omitempty = true},
    {.json = "fieldsV1", .shape = Shape::kAny, .omitempty = true, .pointer = true},
    {.json = "subresource", .shape = Shape::kString, .omitempty = true},
};
const Struct kManagedFieldsEntry{"ManagedFieldsEntry", kManagedFieldsEntryFields};

const Field kObjectMetaFields[] = {
    {.json = "name", .shape = Shape::kString, .omitempty = true},
    {.json = "generateName", .shape = Shape::kString, .omitempty = true},
    {.json = "namespace", .shape = Shape::kString, .omitempty = true},
    {.json = "selfLink", .shape = Shape::kString, .omitempty = true},
    {.json = "uid", .shape = Shape::kString, .omitempty = true},
    {.json = "resourceVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "generation", .shape = Shape::kInt64, .omitempty = true},
    {.json = "creationTimestamp", .shape = Shape::kTime, .omitempty = true, .omitzero = true},
    {.json = "deletionTimestamp", .shape = Shape::kTime, .omitempty = true, .pointer = true},
    {.json = "deletionGracePeriodSeconds", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "labels", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "annotations", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "ownerReferences", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kOwnerReference, .omitempty = true, .strategy = PatchStrategy::kMerge, .merge_key = "uid"},
    {.json = "finalizers", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true, .strategy = PatchStrategy::kMerge},
    {.json = "managedFields", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kManagedFieldsEntry, .omitempty = true},
};
const Struct kObjectMeta{"ObjectMeta", kObjectMetaFields};

const Field kLabelSelectorRequirementFields[] = {
    {.json = "key", .shape = Shape::kString},
    {.json = "operator", .shape = Shape::kString},
    {.json = "values", .shape = Shape::kList, .elem = Shape::kString, .omitempty = true},
};
const Struct kLabelSelectorRequirement{"LabelSelectorRequirement", kLabelSelectorRequirementFields};

const Field kLabelSelectorFields[] = {
    {.json = "matchLabels", .shape = Shape::kMap, .elem = Shape::kString, .omitempty = true},
    {.json = "matchExpressions", .shape = Shape::kList, .elem = Shape::kStruct, .type = &kLabelSelectorRequirement, .omitempty = true},
};
const Struct kLabelSelector{"LabelSelector", kLabelSelectorFields};

const Field kShardInfoFields[] = {
    {.json = "selector", .shape = Shape::kString},
};
const Struct kShardInfo{"ShardInfo", kShardInfoFields};

const Field kListMetaFields[] = {
    {.json = "selfLink", .shape = Shape::kString, .omitempty = true},
    {.json = "resourceVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "continue", .shape = Shape::kString, .omitempty = true},
    {.json = "remainingItemCount", .shape = Shape::kInt64, .omitempty = true, .pointer = true},
    {.json = "shardInfo", .shape = Shape::kStruct, .type = &kShardInfo, .omitempty = true, .pointer = true},
};
const Struct kListMeta{"ListMeta", kListMetaFields};

const Field kListFields[] = {
    {.json = "kind", .shape = Shape::kString, .omitempty = true},
    {.json = "apiVersion", .shape = Shape::kString, .omitempty = true},
    {.json = "metadata", .shape = Shape::kStruct, .type = &kListMeta, .omitempty = true},
    {.json = "items", .shape = Shape::kList, .elem = Shape::kAny},
};
const Struct kList{"List", kListFields};
}  // namespace sidecarctl::kube::schema
