# Sourced by the bench scripts: sets $bin to $BIN when given, else builds build/release (Release,
# no tests) and uses its sidecarctl.
bin=${BIN:-build/release/sidecarctl}
if [ -z "${BIN:-}" ]; then
  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIDECARCTL_TESTS=OFF -DSIDECARCTL_WERROR=OFF >/dev/null
  cmake --build build/release -j2 --target sidecarctl >/dev/null
fi
