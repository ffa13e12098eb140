# Shared by the scripts: prerequisite checks with messages that say what to install, and the local jar build.
# shellcheck shell=bash

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

die() { echo "error: $*" >&2; exit 1; }

require_java() {
  command -v java >/dev/null 2>&1 || die "java not found: install JDK 17 or newer (e.g. apt-get install openjdk-17-jdk) and put it on PATH"
  local version
  version=$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  local major=${version%%.*}
  [[ "$major" =~ ^[0-9]+$ ]] || die "cannot read the Java version from 'java -version' ($version)"
  (( major >= 17 )) || die "Java $version found, Bucket Digest needs JDK 17 or newer (set JAVA_HOME / PATH)"
}

require_maven() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8 or newer (e.g. apt-get install maven)"
  local version
  version=$(mvn -v 2>/dev/null | awk '/Apache Maven/ {print $3; exit}')
  local major=${version%%.*} rest=${version#*.}
  local minor=${rest%%.*}
  if (( major < 3 || (major == 3 && minor < 8) )); then
    die "Maven $version found, Bucket Digest needs Maven 3.8 or newer"
  fi
}

# moto_server from PATH, else python3 -m moto.server (the pyenv python has it; Debian's /usr/bin/python3 may not).
require_moto() {
  if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then return 0; fi
  if command -v moto_server >/dev/null 2>&1 && moto_server --help >/dev/null 2>&1; then return 0; fi
  if python3 -c 'import moto.server' >/dev/null 2>&1; then return 0; fi
  die "moto_server not found: install it with: pip install 'moto[server]' (Python 3), or set AWS_ENDPOINT_URL to a running emulator"
}

# Builds modules/local/target/bucket-digest-local.jar when it is missing or older than any source.
build_local_jar() {
  local root jar
  root=$(repo_root)
  jar="$root/modules/local/target/bucket-digest-local.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/modules" "$root/template.yaml" "$root/pom.xml" -newer "$jar" \
        \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' -o -name '*.yaml' -o -name '*.json' \) \
        -not -path '*/target/*' -not -path '*/src/test/*' -print -quit)" ]]; then
    echo "Building the local pipeline (mvn package, tests skipped; the first run downloads dependencies)..." >&2
    (cd "$root" && mvn -B -q -DskipTests install -pl modules/local -am) >&2 \
      || die "the build failed; run 'mvn -B -DskipTests install -pl modules/local -am' to see why"
  fi
  echo "$jar"
}
