# Run by cpack after it has built the packages (CPACK_POST_BUILD_SCRIPTS, see Packaging.cmake).
# The -dbgsym .ddeb that CMake 3.25 makes (CPACK_DEBIAN_DEBUGINFO_PACKAGE) lists its file in
# md5sums under the absolute path of cpack's staging folder and has no documentation folder;
# lintian rejects both. This rebuilds it as Debian's own dbgsym packages are made: md5sums of the
# files it holds, debug files 0644, and usr/share/doc/<name>-dbgsym a symlink to the documentation
# (copyright, changelog) of the package it depends on. Idempotent: a fixed CPack changes nothing.
foreach(package ${CPACK_PACKAGE_FILES})
  if(NOT package MATCHES "\\.ddeb$")
    continue()
  endif()
  set(root ${package}.content)
  file(REMOVE_RECURSE ${root})
  execute_process(COMMAND dpkg-deb --raw-extract ${package} ${root} COMMAND_ERROR_IS_FATAL ANY)
  file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE ${root} ${root}/usr/*)
  list(SORT files)
  set(sums "")
  foreach(path ${files})
    if(IS_SYMLINK ${root}/${path})
      continue()
    endif()
    file(CHMOD ${root}/${path} FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    file(MD5 ${root}/${path} sum)
    string(APPEND sums "${sum}  ${path}\n")
  endforeach()
  file(WRITE ${root}/DEBIAN/md5sums "${sums}")
  set(doc ${root}/usr/share/doc/${CPACK_PACKAGE_NAME}-dbgsym)
  if(NOT EXISTS ${doc} AND NOT IS_SYMLINK ${doc})
    file(MAKE_DIRECTORY ${root}/usr/share/doc)
    file(CREATE_LINK ${CPACK_PACKAGE_NAME} ${doc} SYMBOLIC)
  endif()
  execute_process(COMMAND dpkg-deb --root-owner-group -Zxz --build ${root} ${package}
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  file(REMOVE_RECURSE ${root})
endforeach()
