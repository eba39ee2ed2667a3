#!/usr/bin/env bash
# Collects what the Flink image needs into deploy/flink: the job jar; in lib-tokenpose/ the
# TensorFlow and JavaCV jars (CPU or GPU natives) that the job jar leaves to the cluster; and in
# models/ the model's experiment YAML and checkpoint, as tokenpose.yaml and tokenpose.pth.
#   collect-lib.sh cpu|gpu MODEL_FOLDER     (MODEL_FOLDER holds one .yaml and one .pth)
set -euo pipefail
flavour="${1:-}"
models="${2:-}"
[[ ( "$flavour" == cpu || "$flavour" == gpu ) && -d "$models" ]] || { echo "usage: $0 cpu|gpu MODEL_FOLDER" >&2; exit 2; }
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/deploy/flink"
profile=()
[[ "$flavour" == gpu ]] && profile=(-Pgpu)

mvn -B -q -f "$root/pom.xml" "${profile[@]}" -pl flink-job -am -DskipTests package
rm -rf "$out/lib-tokenpose" "$out/models"
mkdir -p "$out/lib-tokenpose" "$out/models"
# The artifacts the job jar excludes: TensorFlow (+ protobuf) and JavaCV/OpenCV/FFmpeg/OpenBLAS.
# target/lib may still hold the other flavour's TensorFlow natives from an earlier build: skip them.
other=-gpu.jar
[[ "$flavour" == gpu ]] && other=-linux-x86_64.jar
for jar in "$root"/flink-job/target/lib/*.jar; do
  case "$(basename "$jar")" in
    tensorflow-core-native-*"$other") ;;
    tensorflow-*|ndarray-*|protobuf-java-*|javacpp-*|javacv-*|opencv-*|openblas-*|ffmpeg-*) cp "$jar" "$out/lib-tokenpose/";;
  esac
done
cp "$root/flink-job/target/tokenpose-pose-job.jar" "$out/"
# The names the job's settings (deploy/k8s/base/pose-job-config.yaml) point at.
yaml=("$models"/*.yaml) pth=("$models"/*.pth)
[[ ${#yaml[@]} == 1 && -f "${yaml[0]}" && ${#pth[@]} == 1 && -f "${pth[0]}" ]] \
  || { echo "$models must hold exactly one .yaml and one .pth" >&2; exit 2; }
cp "${yaml[0]}" "$out/models/tokenpose.yaml"
cp "${pth[0]}" "$out/models/tokenpose.pth"
echo "collected $(ls "$out/lib-tokenpose" | wc -l) jars ($flavour), the job jar and the model into $out"
