# Sourced by ./mvnw, ./owl and .ci/run: makes JAVA_HOME point at a JDK 25 or newer.
# The machine's default `java` may be older (JDK 17); Renderowl needs 25.
# The JDK's `release` file names its version (JAVA_VERSION="25.0.3"): read without starting a JVM
# (two JVM starts cost about 0.1 s of every ./owl command); a JDK without one is asked.
_renderowl_java_major() {
  local _v=""
  [ -f "$1/release" ] && _v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n1)"
  if [ -n "$_v" ] && [ "$_v" != 1 ] && [ -x "$1/bin/java" ]; then
    echo "$_v"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
  fi
}
# Callers such as mvnw run with `set -f`; the JDK search below needs globbing.
case $- in *f*) _renderowl_noglob=1; set +f ;; *) _renderowl_noglob= ;; esac
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(_renderowl_java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  for _candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/temurin-2[6-9]* /usr/lib/jvm/*jdk*; do
    if [ -x "$_candidate/bin/javac" ] && [ "$(_renderowl_java_major "$_candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$_candidate"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(_renderowl_java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  echo "Renderowl needs JDK 25 or newer: none found in JAVA_HOME or /usr/lib/jvm (install Temurin 25)" >&2
  return 1 2>/dev/null || exit 1
fi
[ -n "$_renderowl_noglob" ] && set -f
unset _candidate _renderowl_noglob
