#!/usr/bin/env bash
# Extracts the analyzable sources (and the files that say how they resolve and run: package.json,
# tsconfig*/jsconfig*.json, pnpm-workspace.yaml, lerna.json, .gitignore, .nvmrc) of a pinned commit
# from a git directory into .bench-cache/accuracy/<name>/. Objects absent from a partial mirror
# (large binaries) are skipped, which `git archive` cannot do.
# Usage: bench/accuracy/extract.sh <git-dir> <commit> <name>
set -euo pipefail
gitdir=$1 commit=$2 name=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
dest="$root/.bench-cache/accuracy/$name"
rm -rf "$dest" && mkdir -p "$dest"
git --git-dir="$gitdir" ls-tree -r "$commit" \
  | awk -F'\t' '$1 ~ / blob / && $2 ~ /(\.([cm]?[jt]sx?)|package\.json|(^|\/)[tj]sconfig[^/]*\.json|pnpm-workspace\.yaml|lerna\.json|\.gitignore|\.nvmrc|\.node-version)$/ { split($1, a, " "); print a[3] "\t" $2 }' \
  | while IFS=$'\t' read -r sha file; do
      mkdir -p "$dest/$(dirname "$file")"
      git --git-dir="$gitdir" cat-file blob "$sha" > "$dest/$file" 2>/dev/null || rm -f "$dest/$file"
    done
echo "extracted $(find "$dest" -type f | wc -l) files into $dest"
