#!/usr/bin/env bash
# Atomic release of a built site for the nginx recipe (deploy/nginx/news.conf).
#
#   deploy/release.sh <built-dir> [deploy-root]       e.g. deploy/release.sh dist /var/www/news
#   deploy/release.sh --rollback [deploy-root]        back to the release before the live one
#
# Copies <built-dir> (dist/ after `npm run build`, search index included) into
# <deploy-root>/releases/<UTC timestamp, to the nanosecond>/, then makes <deploy-root>/current
# point at it: a new symlink is made beside the old one and renamed over it with
# `mv -T`. rename(2) is atomic, so every request sees the whole old release or the
# whole new one, never a half-copied directory. Keeps the newest $KEEP releases
# (default 5); nginx needs no reload.
set -euo pipefail

usage() {
  echo "usage: $0 <built-dir> [deploy-root]  |  $0 --rollback [deploy-root]" >&2
  exit 2
}
die() {
  echo "release.sh: $*" >&2
  exit 1
}

# Points <root>/current at <target> (a path relative to <root>) in one rename.
switch_to() {
  local root=$1 target=$2
  local link="$root/.current.$$"
  ln -sfn "$target" "$link"
  mv -T "$link" "$root/current"
  echo "live: $root/current -> $target"
}

[[ $# -ge 1 ]] || usage
keep=${KEEP:-5}

if [[ $1 == --rollback ]]; then
  root=${2:-/var/www/news}
  live=$(readlink "$root/current" 2>/dev/null) || die "$root/current is not a symlink: nothing to roll back"
  previous=$(find "$root/releases" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | grep -B1 -xF "$(basename "$live")" | head -n1)
  [[ -n $previous && $previous != "$(basename "$live")" ]] || die "no release older than $live in $root/releases"
  switch_to "$root" "releases/$previous"
  exit 0
fi

src=${1%/}
root=${2:-/var/www/news}
[[ -d $src ]] || die "$src is not a directory: build first (npm run build)"
for required in index.html 404.html pagefind/pagefind.js; do
  [[ -f $src/$required ]] || die "$src/$required is missing: is $src a complete build? (npm run build makes the search index too)"
done

mkdir -p "$root/releases"
# Names sort in release order (GNU date's %N), which --rollback and pruning rely on.
release="$root/releases/$(date -u +%Y%m%dT%H%M%S.%NZ)"
mkdir -m 755 "$release"
cp -R "$src/." "$release/"
switch_to "$root" "releases/$(basename "$release")"

# Oldest first; never the one just made live.
find "$root/releases" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | head -n "-$keep" | while read -r old; do
  rm -rf "${root:?}/releases/$old"
done
