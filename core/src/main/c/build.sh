#!/bin/sh
# Builds the fused gradient-pass kernel (fused_pass.c) into the classes directory, where FusedPass finds it
# as a resource: build.sh OUTPUT_DIR JAVA_HOME. Where there is no C compiler, no JNI header or another
# platform than linux-x86_64, it says so and builds nothing; the passes then run in OpenBLAS or Java.
set -u
out="$1"
jdk="$2"
here="$(cd "$(dirname "$0")" && pwd)"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "fused pass kernel: not built (built for Linux x86_64 only)"
  exit 0
fi
cc="${CC:-gcc}"
if ! command -v "$cc" > /dev/null 2>&1; then
  echo "fused pass kernel: not built (no C compiler '$cc')"
  exit 0
fi
if [ ! -f "$jdk/include/jni.h" ]; then
  echo "fused pass kernel: not built (no jni.h under $jdk/include)"
  exit 0
fi
mkdir -p "$out"
# -ffp-contract=off: no fused multiply-add, so every clone rounds alike; -fopenmp-simd: the lane loops'
# vector code (see fused_pass.c)
if ! "$cc" -O3 -std=c11 -ffp-contract=off -fopenmp-simd -fPIC -shared -Wall -Wextra \
    -I"$jdk/include" -I"$jdk/include/linux" -o "$out/libimplicitbias-fusedpass.so" "$here/fused_pass.c"; then
  rm -f "$out/libimplicitbias-fusedpass.so"
  echo "fused pass kernel: not built (the C compiler failed)"
fi
exit 0
