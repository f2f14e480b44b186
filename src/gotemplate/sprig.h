// sprig's text function map (github.com/Masterminds/sprig v3.2.3 TxtFuncMap), registered by theme.
#pragma once

#include "gotemplate/function.h"

namespace sidecarctl::gotemplate {

// Registers every implemented sprig function (see README.md for the ones left out).
void register_sprig(FunctionMap& map);

// The themes register_sprig is made of (one file each).
void register_sprig_strings(FunctionMap& map);   // sprig_strings.cc
void register_sprig_lists(FunctionMap& map);     // sprig_lists.cc
void register_sprig_dicts(FunctionMap& map);     // sprig_dicts.cc
void register_sprig_defaults(FunctionMap& map);  // sprig_defaults.cc: defaults, JSON, reflection, OS
void register_sprig_math(FunctionMap& map);      // sprig_math.cc
void register_sprig_encoding(FunctionMap& map);  // sprig_encoding.cc: base64/32, digests, random, uuid
void register_sprig_regex(FunctionMap& map);     // sprig_regex_funcs.cc
void register_sprig_semver(FunctionMap& map);    // sprig_semver.cc
void register_sprig_paths(FunctionMap& map);     // sprig_paths.cc: path, filepath and URL functions

}  // namespace sidecarctl::gotemplate
