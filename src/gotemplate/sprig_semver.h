// Masterminds/semver v3.2.0 as sprig uses it: NewVersion, version comparison and constraints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sidecarctl::gotemplate {

struct SemVersion {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::string pre;
  std::string metadata;
  std::string original;

  // "1.2.3-pre+meta".
  std::string to_string() const;
  // -1, 0 or 1 with semver precedence (metadata ignored).
  int compare(const SemVersion& other) const;
};

// semver.NewVersion (coerces "1", "v1.2"); error messages as Go's ("Invalid Semantic Version").
Result<SemVersion> parse_sem_version(std::string_view text);

// semver.NewConstraint plus Check: whether `version` satisfies `constraint`; errors as Go's
// ("improper constraint: ...").
class SemConstraints {
 public:
  static Result<SemConstraints> parse(std::string_view text);
  bool check(const SemVersion& v) const;

  struct Single {
    SemVersion con;
    std::string op;
    bool minor_dirty = false;
    bool patch_dirty = false;
    bool dirty = false;
  };

 private:
  std::vector<std::vector<Single>> ors_;
};

}  // namespace sidecarctl::gotemplate
