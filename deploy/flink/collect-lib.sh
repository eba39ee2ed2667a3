#!/usr/bin/env bash
# Collects what the Flink image needs into deploy/flink: the job jar and, in lib-tokenpose/, the
# TensorFlow and JavaCV jars (CPU or GPU natives) that the job jar leaves to the cluster.
set -euo pipefail
flavour="${1:-cpu}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/deploy/flink"
profile=()
[[ "$flavour" == gpu ]] && profile=(-Pgpu)
[[ "$flavour" == cpu || "$flavour" == gpu ]] || { echo "usage: $0 cpu|gpu" >&2; exit 2; }

mvn -B -q -f "$root/pom.xml" "${profile[@]}" -pl flink-job -am -DskipTests package
rm -rf "$out/lib-tokenpose"
mkdir -p "$out/lib-tokenpose"
# The artifacts the job jar excludes: TensorFlow (+ protobuf) and JavaCV/OpenCV/FFmpeg/OpenBLAS.
for jar in "$root"/flink-job/target/lib/*.jar; do
  case "$(basename "$jar")" in
    tensorflow-*|ndarray-*|protobuf-java-*|javacpp-*|javacv-*|opencv-*|openblas-*|ffmpeg-*) cp "$jar" "$out/lib-tokenpose/";;
  esac
done
cp "$root/flink-job/target/tokenpose-pose-job.jar" "$out/"
echo "collected $(ls "$out/lib-tokenpose" | wc -l) jars ($flavour) and the job jar into $out"
