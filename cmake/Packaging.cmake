# What `cmake --install` puts where, and the Debian package (`cpack -G DEB`) made of the same files:
# the binary, man pages (gzip -9n at build time, as Debian wants them), completions, and
# share/doc/sidecarctl/{copyright,changelog.gz} from packaging/. tests/test_package.py installs the
# package, runs lintian on it (no error, no warning) and compares it with a `cmake --install`.

option(SIDECARCTL_DEB_DBGSYM "cpack -G DEB: the binary's debug symbols in a separate sidecarctl-dbgsym .ddeb" ON)

find_program(SIDECARCTL_GZIP gzip REQUIRED)
set(packaging_out ${CMAKE_BINARY_DIR}/packaging)
set(packaging_files)

# sidecarctl_gzip_file(SOURCE NAME): SOURCE compressed to ${packaging_out}/NAME.gz (gzip -9, no name or time stored).
function(sidecarctl_gzip_file source name)
  set(out ${packaging_out}/${name})
  add_custom_command(OUTPUT ${out}.gz
                     COMMAND ${CMAKE_COMMAND} -E copy ${source} ${out}
                     COMMAND ${SIDECARCTL_GZIP} -9nf ${out}
                     DEPENDS ${source} VERBATIM)
  set(packaging_files ${packaging_files} ${out}.gz PARENT_SCOPE)
endfunction()

file(GLOB man_pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.1)
set(man_outputs)
foreach(page ${man_pages})
  get_filename_component(page_name ${page} NAME)
  sidecarctl_gzip_file(${page} man1/${page_name})
  list(APPEND man_outputs ${packaging_out}/man1/${page_name}.gz)
endforeach()
# A native Debian package (no Debian revision) carries its changelog as changelog.gz.
sidecarctl_gzip_file(${PROJECT_SOURCE_DIR}/packaging/changelog changelog)
add_custom_target(sidecarctl_packaging_files ALL DEPENDS ${packaging_files})

install(FILES ${man_outputs} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright ${packaging_out}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES completions/sidecarctl.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME sidecarctl)
install(FILES completions/_sidecarctl DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES completions/sidecarctl.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

set(CPACK_PACKAGE_NAME sidecarctl)
set(CPACK_PACKAGE_CONTACT "sidecarctl maintainers <maintainers@sidecarctl.dev>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Istio sidecar injection, analysis and iptables preview")
set(CPACK_PACKAGE_DESCRIPTION
    "sidecarctl does what istioctl does around Istio's sidecar injection, as one
native program, offline on Kubernetes manifests or against a cluster through
a kubeconfig:
  - kube-inject renders Istio's injection templates into workload manifests;
  - label-namespace labels namespaces for automatic injection and names the
    workloads to restart;
  - analyze reports Istio configuration problems (IST0xxx messages) with
    file and line;
  - iptables-preview shows, explains and tests the rules istio-init installs;
  - version reports the Istio version reproduced and, from a cluster, the
    control plane and proxy versions running there;
  - webhook serve is the injection admission webhook, over HTTPS.
It reads the same injection settings as istioctl and writes the same output.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl and libcrypto are loaded at run time (dlopen, src/kube/curl_library.h and
# src/analyze/crypto_library.h), so dpkg-shlibdeps cannot see them; 7.85 brought CURLOPT_PROTOCOLS_STR.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4 (>= 7.85.0), libssl3")
# Directories 0755 whatever the umask of the user who runs cpack.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)
if(SIDECARCTL_DEB_DBGSYM)
  # Strips the binary in the .deb and moves its debug information (by build id) to sidecarctl-dbgsym.
  set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
  set(CPACK_POST_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/cmake/DebDbgsym.cmake)
else()
  set(CPACK_STRIP_FILES ON)
endif()
include(CPack)
