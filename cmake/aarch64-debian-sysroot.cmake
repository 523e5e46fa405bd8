# Cross toolchain for the whole app on aarch64: Debian's g++-aarch64-linux-gnu against a sysroot of Debian 12
# arm64 packages made by scripts/arm64-sysroot.sh (Qt, yaml-cpp, sqlite, Highway, speech libraries). The Qt
# host tools (moc, rcc, qmlcachegen, qmltyperegistrar) are the host's own Qt 6.4.2 of the same version.
# The compiler keeps its own libc/libstdc++ (/usr/aarch64-linux-gnu, the same Debian versions); the sysroot's
# headers are searched after them (-idirafter) and its libraries through -L and -rpath-link.
# Binaries run under qemu-aarch64 -L <sysroot> (scripts/arm64-check.sh).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

if(NOT PEREGRINE_ARM64_SYSROOT)
  set(PEREGRINE_ARM64_SYSROOT "$ENV{PEREGRINE_ARM64_SYSROOT}")
endif()
if(NOT IS_DIRECTORY "${PEREGRINE_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu")
  message(FATAL_ERROR "PEREGRINE_ARM64_SYSROOT (${PEREGRINE_ARM64_SYSROOT}) is not an arm64 sysroot: run scripts/arm64-sysroot.sh")
endif()
set(PEREGRINE_ARM64_SYSROOT "${PEREGRINE_ARM64_SYSROOT}" CACHE PATH "arm64 sysroot (scripts/arm64-sysroot.sh)")
set(_sr "${PEREGRINE_ARM64_SYSROOT}")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES PEREGRINE_ARM64_SYSROOT)

set(CMAKE_FIND_ROOT_PATH "${_sr}" /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(_inc "-idirafter ${_sr}/usr/include/aarch64-linux-gnu -idirafter ${_sr}/usr/include")
set(CMAKE_C_FLAGS_INIT "${_inc}")
set(CMAKE_CXX_FLAGS_INIT "${_inc}")
# libpulse finds its private libpulsecommon through RUNPATH .../pulseaudio, which the linker reads as a host path.
set(_link "-L${_sr}/usr/lib/aarch64-linux-gnu -Wl,-rpath-link,${_sr}/usr/lib/aarch64-linux-gnu")
string(APPEND _link " -Wl,-rpath-link,${_sr}/usr/lib/aarch64-linux-gnu/pulseaudio")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_link}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${_link}")

# pkg-config reads the sysroot's .pc files and prefixes their paths with it.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${_sr}")
set(ENV{PKG_CONFIG_LIBDIR} "${_sr}/usr/lib/aarch64-linux-gnu/pkgconfig:${_sr}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Qt: the arm64 libraries from the sysroot, the code generators from the host.
set(QT_HOST_PATH "/usr" CACHE PATH "")
set(QT_HOST_PATH_CMAKE_DIR "/usr/lib/x86_64-linux-gnu/cmake" CACHE PATH "")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;${_sr})
