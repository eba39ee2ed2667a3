#!/usr/bin/env bash
# Collects what the tools image needs into deploy/tools: the tokenpose-kafka jar and its lib/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/deploy/tools"
mvn -B -q -f "$root/pom.xml" -pl kafka -am -DskipTests package
rm -rf "$out/lib"
cp -r "$root/kafka/target/lib" "$out/lib"
cp "$root/kafka/target/tokenpose-kafka.jar" "$out/"
echo "collected the tokenpose-kafka jar and $(ls "$out/lib" | wc -l) library jars into $out"
