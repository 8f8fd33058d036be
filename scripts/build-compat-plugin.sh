#!/usr/bin/env bash
# Rebuilds console-app/src/test/resources/compat/module-webhooks-built-against-api-1.0.jar: the
# example plugin exactly as it was compiled against module-api 1.0 (commit 66d4a7c, the last
# commit with ModuleApi.VERSION = "1.0"). PluginBuiltAgainstApi10Test loads this jar into the
# current console to prove that 1.1 is additive. There is no reason to run this again; it is here
# so that the committed jar can be checked and reproduced.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/jdk.sh
use_jdk21
commit=${1:-66d4a7c}
work=$(mktemp -d)
trap 'git worktree remove --force "$work" >/dev/null 2>&1 || true' EXIT
git worktree add --detach "$work" "$commit" >/dev/null
(cd "$work" && mvn -B -ntp -q package -pl examples/module-webhooks -am -DskipTests)
cp "$work/examples/module-webhooks/target/module-webhooks-0.1.0-SNAPSHOT.jar" \
   console-app/src/test/resources/compat/module-webhooks-built-against-api-1.0.jar
echo "wrote console-app/src/test/resources/compat/module-webhooks-built-against-api-1.0.jar from $commit"
