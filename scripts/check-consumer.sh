#!/usr/bin/env bash
# Builds and runs scripts/consumer (wsnn-zoo + the CPU backend, as the README says) against the artifacts
# `mvn -B install` put in the local repository, and checks what a library user gets on the classpath:
# one slf4j-api version, no SLF4J binding, no CLI or test library, from every library entry point.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$here/consumer/." "$work/"
cd "$work"
mvn -B -q package
mvn -B -q dependency:build-classpath -Dmdep.outputFile=cp.txt
java -cp "target/wsnn-consumer-1.0.jar:$(cat cp.txt)" org.example.Consumer 2>/dev/null | grep "^consumer:"
status=0
for module in wsnn-core wsnn-layers wsnn-zoo wsnn-train wsnn-onnx wsnn-spark; do
  sed -i "s#<artifactId>wsnn-[a-z]*</artifactId>#<artifactId>$module</artifactId>#" pom.xml
  mvn -B -q dependency:tree -DoutputFile=tree.txt >/dev/null
  slf4j=$(grep -o 'slf4j-api:jar:[0-9.]*' tree.txt | sort -u | tr '\n' ' ')
  bad=$(grep -Eo '(junit[a-z-]*|logback-classic|slf4j-simple|slf4j-log4j12|picocli|progressbar|xchart)' tree.txt | sort -u | tr '\n' ' ' || true)
  echo "$module: $slf4j${bad:+ unexpected: $bad}"
  [ -z "$bad" ] && [ "$(echo "$slf4j" | wc -w)" = 1 ] || status=1
done
exit $status
