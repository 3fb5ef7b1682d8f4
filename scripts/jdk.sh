# Sourced by ./run.sh, ./test.sh, .ci/run and bench/: finds a JDK 25 or newer and exports it as JAVA_HOME, with its
# bin/ first on PATH (the Maven wrapper honours JAVA_HOME). The order: JAVA_HOME when it is 25+, then the `java` on
# PATH when it is 25+, then the JDKs installed beside the system's default one (/usr/lib/jvm, /opt/java,
# /usr/local/java), highest folder name first. Nothing found: says so, with how to fix it, and returns 1.
#
# The AOT caches of the services only serve the exact JVM build that trained them, so the build, ./run.sh and the
# benchmarks must all use the JDK chosen here (they do: each sources this file).

NTT110_MIN_JAVA=25
# The JVM options every service runs with locally (./run.sh, bench/); the build trains the AOT caches with the same
# ones (service-parent/pom.xml, ntt110.service.jvm-options), as do suite-tests (ServiceProcess). A small heap that
# starts small, and the serial collector — what the JVM itself picks in a pod of 1 CPU — because G1's own tables and a
# heap committed up front (1/64 of this machine's RAM exceeds -Xmx) cost 40–60 MB of idle memory (docs/benchmarks.md).
NTT110_SERVICE_JVM_OPTIONS="-Xmx192m -Xms32m -XX:+UseSerialGC"

# The major version of the JDK at $1 (from its release file, else from running it), or nothing.
ntt110_java_major() {
  local home=$1 version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  printf '%s' "${version%%[.+-]*}"
}

ntt110_find_jdk() {
  local candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  # Highest first: version-sort the folder names in reverse.
  while IFS= read -r candidate; do candidates+=("$candidate"); done < <(
    ls -d /usr/lib/jvm/*/ /opt/java/*/ /usr/local/java/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
  for candidate in "${candidates[@]}"; do
    major=$(ntt110_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$NTT110_MIN_JAVA" ] 2>/dev/null; then
      printf '%s' "$candidate"
      return 0
    fi
  done
  return 1
}

if NTT110_JDK=$(ntt110_find_jdk); then
  export JAVA_HOME=$NTT110_JDK
  export PATH=$JAVA_HOME/bin:$PATH
else
  printf 'ntt110 needs a JDK %s or newer; none was found (JAVA_HOME=%s, java on PATH: %s, nor in /usr/lib/jvm).\n' \
    "$NTT110_MIN_JAVA" "${JAVA_HOME:-unset}" "$(java -version 2>&1 | head -n 1 || echo none)" >&2
  printf 'Install one (e.g. Temurin 25: https://adoptium.net, or apt-get install temurin-25-jdk from its repository) and set JAVA_HOME to it.\n' >&2
  return 1 2>/dev/null || exit 1
fi
