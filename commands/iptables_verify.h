// `iptables-preview --verify`: loads each payload with the real iptables-restore (nft and legacy
// back ends) in a fresh network namespace and reads the rules back with iptables-save. This is
// the only place of the preview that runs processes; the caller's namespace is never touched.
#pragma once

#include <vector>

#include "commands/context.h"
#include "iptables/preview.h"

namespace sidecarctl::commands {

// Verifies every section's payloads; prints a report on ctx.out; returns the exit status
// (0 all accepted, 1 a payload rejected, 64 not permitted/not available).
int verify_payloads(const std::vector<iptables::PreviewSection>& sections, Context& ctx);

}  // namespace sidecarctl::commands
