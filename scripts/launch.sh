# shellcheck shell=bash
# Sourced by run.sh and scripts/measure.sh: how ./run.sh starts the extracted console jar, so that what is
# measured is what a person runs. See docs/decisions/DD015-startup-aot-cache.md for why these options.
#
# `launch_options <app folder>` fills the array `launch_opts` with the JVM options for
# `java ... -jar <app folder>/console.jar`, for the JDK on PATH:
#   - JDK 25+: the ahead-of-time cache (JEP 483/514/515): classes loaded and linked, and method profiles, from
#     <app>/console.aot. While that file is missing this start records it and writes it when the JVM exits
#     (a slower start, and a few seconds more at the stop, once).
#   - JDK 21-24: the dynamic class-data-sharing archive <app>/console.jsa, written when the first start stops.
#   - on every JDK: the serial collector and a heap that starts small and grows to 1 GiB (a console for a
#     team on 2 cores: the heap is mostly Vaadin sessions at about 100 KiB each), fewer compiler threads'
#     stacks and a smaller metaspace reservation: resident memory after start about 260 MiB instead of 360-390.
# CONSOLE_JAVA_OPTS is appended last, so any of these can be overridden (e.g. -Xmx4g).

# The feature release of the JDK that use_jdk21 chose (25, 21...).
launch_java_major() {
  java_major "$(java_version "$JAVA_HOME/bin/java")"
}

launch_options() {
  local app=$1 major
  major=$(launch_java_major)
  launch_opts=(-XX:+UseSerialGC -Xms32m -Xmx1g -XX:MaxMetaspaceSize=256m -Xss512k -XX:ReservedCodeCacheSize=128m)
  if [ "$major" -ge 25 ]; then
    if [ -s "$app/console.aot" ]; then
      launch_opts+=(-XX:AOTCache="$app/console.aot")
    else
      launch_opts+=(-XX:AOTCacheOutput="$app/console.aot")
    fi
    launch_opts+=(-Xlog:aot=off -Xlog:cds=off)
  else
    launch_opts+=(-XX:SharedArchiveFile="$app/console.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # shellcheck disable=SC2206 # a list of flags
  launch_opts+=(${CONSOLE_JAVA_OPTS:-})
}
