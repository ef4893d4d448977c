#!/usr/bin/env bash
# Fetches the packaged test photos from Debian packages into the INVKit cache
# (default ~/.cache/invkit, or $INV_CACHE). Nothing is installed system-wide:
# each .deb is downloaded with `apt-get download` and only the files we use are extracted.
#   skimage (python3-skimage): chelsea.png, coffee.png, rocket.jpg
#   opencv-doc:                squirrel_cls.jpg, orange.jpg, messi5.jpg, leuvenA.jpg
#   darknet:                   kite.jpg, eagle.jpg, dog.jpg
set -euo pipefail

cache="${INV_CACHE:-$HOME/.cache/invkit}"
photos="$cache/photos"
mkdir -p "$photos" "$cache/debs"
[[ -f "$photos/.complete" ]] && { echo "$photos"; exit 0; }

extract() {  # extract PACKAGE DEST PATH...
    local package=$1 dest=$2; shift 2
    local deb
    deb=$(ls "$cache/debs/${package}"_*.deb 2>/dev/null | head -n 1 || true)
    if [[ -z "$deb" ]]; then
        (cd "$cache/debs" && apt-get download "$package" >/dev/null 2>&1) || {
            echo "error: could not download Debian package '$package' (run 'apt-get update' first?)" >&2; exit 1; }
        deb=$(ls "$cache/debs/${package}"_*.deb | head -n 1)
    fi
    local tmp
    tmp=$(mktemp -d)
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "${@/#/./}"
    for path in "$@"; do cp "$tmp/$path" "$dest/"; done
    rm -rf "$tmp"
}

sk=usr/lib/python3/dist-packages/skimage/data
cv=usr/share/doc/opencv-doc/examples/data
dn=usr/share/darknet/data
extract python3-skimage "$photos" $sk/chelsea.png $sk/coffee.png $sk/rocket.jpg
extract opencv-doc "$photos" $cv/squirrel_cls.jpg $cv/orange.jpg $cv/messi5.jpg $cv/leuvenA.jpg
extract darknet "$photos" $dn/kite.jpg $dn/eagle.jpg $dn/dog.jpg
rm -rf "$cache/debs"
touch "$photos/.complete"
echo "$photos"
