#!/usr/bin/env bash
# Builds the tme image to tme/target/tme-image.tar without any container registry: the same Maven
# profile as `./mvnw -B -Pimage -DskipTests package`, with only the base image replaced by one
# assembled here from Debian packages (bookworm, openjdk-17-jre-headless).
#
# Needs root (mmdebstrap --mode=root), Debian's package mirror, and mmdebstrap, umoci and skopeo
# (`apt-get install mmdebstrap umoci skopeo`). The base is cached under
# ~/.cache/tme-image-base/<key>, the key being a hash of the steps and settings that assemble it
# (assemble_base, suite, package, mirrors, CPU architecture), so a rerun only runs Maven.
# --refresh rebuilds the base (e.g. to pick up Debian security updates).
# Extra arguments go to Maven. docs/image.md describes the image.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
refresh=false
if [ "${1:-}" = "--refresh" ]; then
  refresh=true
  shift
fi

arch=$(dpkg --print-architecture)
suite=bookworm
jre=openjdk-17-jre-headless
java_home=/usr/lib/jvm/java-17-openjdk-$arch
mirrors=(
  "deb http://deb.debian.org/debian $suite main"
  "deb http://deb.debian.org/debian $suite-updates main"
  "deb http://deb.debian.org/debian-security $suite-security main"
)

assemble_base() {
  for tool in mmdebstrap umoci skopeo; do
    command -v "$tool" >/dev/null || { echo "build-local.sh: $tool is missing (apt-get install mmdebstrap umoci skopeo)" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] || { echo "build-local.sh: assembling the base needs root" >&2; exit 1; }
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT

  # Only Essential packages plus the JRE and its dependencies (no Recommends, no apt); no
  # documentation, man pages or translations. update-alternatives still wants man1 to exist.
  mmdebstrap --mode=root --variant=essential --include="$jre" \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/log/*' \
    --skip=output/dev \
    --format=tar "$suite" "$work/rootfs.tar" "${mirrors[@]}"

  # One layer, then the image config the JRE needs; skopeo turns the OCI layout into the
  # `docker save` format, the one Jib reads from tar://.
  umoci init --layout "$work/oci"
  umoci new --image "$work/oci:base"
  umoci raw add-layer --image "$work/oci:base" "$work/rootfs.tar"
  umoci config --image "$work/oci:base" \
    --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --config.env "JAVA_HOME=$java_home" \
    --config.cmd /bin/sh \
    --config.label "org.opencontainers.image.description=Debian $suite with $jre, assembled by deploy/image/build-local.sh"
  skopeo copy --quiet "oci:$work/oci:base" "docker-archive:$work/base.tar:tme-local-base:$suite-jre17"

  mkdir -p "$cache"
  mv "$work/base.tar" "$base"
  # bases assembled by earlier versions of the steps above are of no further use
  find "$(dirname "$cache")" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} +
  rm -rf "$work"
  trap - EXIT
}

key=$( (declare -f assemble_base; printf '%s\n' "$suite" "$jre" "$arch" "${mirrors[@]}") |
  sha256sum | cut -c1-16)
cache="${TME_IMAGE_BASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tme-image-base}/$key"
base="$cache/base.tar"

if $refresh || [ ! -s "$base" ]; then
  echo "build-local.sh: assembling the base image into $cache"
  assemble_base
else
  echo "build-local.sh: using the cached base image $base"
fi

cd "$root"
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
./mvnw -B -ntp -Pimage -DskipTests package -pl tme -am \
  -Djib.from.image="tar://$base" -Dtme.image.revision="$revision" "$@"
echo "build-local.sh: wrote $root/tme/target/tme-image.tar ($(du -h tme/target/tme-image.tar | cut -f1))"
