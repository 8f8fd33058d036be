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
#     stacks and a smaller metaspace reservation: resident memory after start about 260 MiB instead of 360-390;
#   - where the JDK has it as a product option, -XX:TrimNativeHeapInterval: the C heap glibc keeps after the
#     start is handed back to the system (about 16 MiB, DD033).
# CONSOLE_JAVA_OPTS is appended last, so any of these can be overridden (e.g. -Xmx4g).

# The feature release of the JDK that use_jdk21 chose (25, 21...).
launch_java_major() {
  java_major "$(java_version "$JAVA_HOME/bin/java")"
}

# Whether a JDK version ("25.0.3", "21.0.4", "22") has -XX:TrimNativeHeapInterval as a product option: 21.0.4
# and later updates of 21, 22.0.1 and later, 23+ (experimental before, unknown in 21.0.0: it would stop the JVM).
# The same rule as LaunchPlan.trimsNativeHeap (DD033).
launch_trims_native_heap() {
  local major rest update
  major=$(java_major "$1")
  rest=${1#"$major"}
  rest=${rest#.}
  rest=${rest#*.}                 # "0.3" -> "3": the update is the third number
  update=${rest%%[^0-9]*}
  [ "$major" -gt 22 ] || { [ "$major" -eq 22 ] && [ "${update:-0}" -ge 1 ]; } || { [ "$major" -eq 21 ] && [ "${update:-0}" -ge 4 ]; }
}

launch_options() {
  local app=$1 major
  major=$(launch_java_major)
  launch_opts=(-XX:+UseSerialGC -Xms32m -Xmx1g -XX:MaxMetaspaceSize=256m -Xss512k -XX:ReservedCodeCacheSize=128m)
  # glibc keeps the C heap the JVM and its libraries free; hand it back every 5 s (DD033)
  if launch_trims_native_heap "$(java_version "$JAVA_HOME/bin/java")"; then
    launch_opts+=(-XX:TrimNativeHeapInterval=5000)
  fi
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
