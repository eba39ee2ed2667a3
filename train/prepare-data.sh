#!/usr/bin/env bash
# Prepares the shipped student's training data: brings the footage listed in train/SOURCES.md,
# then labels every person in it with the MoveNet Thunder teacher (bin/tokenpose teacher).
#
#   train/prepare-data.sh OUT_DIR [SNAPSHOTS_DIR]
#
# SNAPSHOTS_DIR holds bare git snapshots named <owner>+<name>/repo; without it the repositories are
# cloned from GitHub (--filter=blob:none, only the needed files are read). Needs git, ffprobe, apt
# (for Debian's opencv-doc, of which only vtest.avi is taken) and a JDK 17 with Maven.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
snap="${2:-}"
raw="$out/raw"
mkdir -p "$raw"

repo() {  # repo OWNER/NAME COMMIT -> a git dir holding that commit
  local name="${1/\//+}"
  if [[ -n "$snap" ]]; then echo "$snap/$name/repo"; return; fi
  local dir="$raw/git/$name"
  [[ -d "$dir" ]] || git clone -q --bare --filter=blob:none "https://github.com/$1" "$dir"
  echo "$dir"
}
show() { git --git-dir="$1" show "$2:$3" > "$4"; }

# 1. vtest.avi (Debian opencv-doc, Apache-2.0 AND BSD-3-Clause). Nothing else of the package is used.
if [[ ! -f "$raw/vtest.avi" ]]; then
  (cd "$raw" && apt-get download opencv-doc >/dev/null && dpkg-deb --fsys-tarfile opencv-doc_*.deb \
    | tar -x -O ./usr/share/doc/opencv-doc/examples/data/vtest.avi > vtest.avi && rm opencv-doc_*.deb)
fi
# 2. dancer.avi (fourMs/MGT-python, GPL-3.0)
g=$(repo fourMs/MGT-python); show "$g" HEAD musicalgestures/examples/dancer.avi "$raw/dancer.avi"
# 3. tfjs-models test data (Apache-2.0)
g=$(repo tensorflow/tfjs-models)
for p in pose-detection/test_data/pose_squats.mp4 pose-detection/test_data/pose_1.mp4 \
         pose-detection/test_data/pose.jpg shared/test_data/three_people.jpg body-segmentation/test_data/portrait.jpg; do
  show "$g" HEAD "$p" "$raw/$(basename "$p")"
done
# 4. coco128 person images (COCO train2017; per-image Flickr licences, annotations CC BY 4.0).
#    Twenty ids are the same pictures as excluded evaluation images and are dropped.
g=$(repo Kygosaur/Portfolio)
mkdir -p "$raw/coco128"
drop=" 192 241 257 294 328 338 357 360 395 415 428 459 474 488 536 544 564 569 589 623 "
echo "{" > "$out/coco128-boxes.json"; first=1
for lbl in $(git --git-dir="$g" ls-tree -r --name-only HEAD datasets/coco128/labels/train2017); do
  id=$(basename "$lbl" .txt); n=$((10#$id))
  [[ "$drop" == *" $n "* ]] && continue
  txt=$(git --git-dir="$g" show "HEAD:$lbl")
  grep -q '^0 ' <<<"$txt" || continue
  git --git-dir="$g" cat-file -e "HEAD:datasets/coco128/images/train2017/$id.jpg" 2>/dev/null || continue
  jpg="$raw/coco128/$id.jpg"
  show "$g" HEAD "datasets/coco128/images/train2017/$id.jpg" "$jpg"
  read -r w h < <(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$jpg" | tr x ' ')
  boxes=$(awk -v W="$w" -v H="$h" '$1==0 {printf "%s[%.1f,%.1f,%.1f,%.1f]", (c++?",":""), ($2-$4/2)*W, ($3-$5/2)*H, $4*W, $5*H}' <<<"$txt")
  [[ $first == 1 ]] || echo "," >> "$out/coco128-boxes.json"; first=0
  printf '"%s": [%s]' "$jpg" "$boxes" >> "$out/coco128-boxes.json"
done
echo "}" >> "$out/coco128-boxes.json"
# 5/6. single photos (ultralytics/assets AGPL-3.0; mmpose Apache-2.0)
show "$(repo ultralytics/assets)" HEAD im/bus.jpg "$raw/bus.jpg"
show "$(repo open-mmlab/mmpose)" HEAD projects/rtmpose/examples/onnxruntime/human-pose.jpeg "$raw/skier.jpeg"
# 7. vladmandic/human sample photos (MIT): portraits, groups, rendered figures
g=$(repo vladmandic/human)
mkdir -p "$raw/human"
for p in $(git --git-dir="$g" ls-tree --name-only HEAD samples/in/); do
  [[ "$p" == *.jpg ]] && show "$g" HEAD "$p" "$raw/human/$(basename "$p")"
done

tp="${TOKENPOSE:-$root/bin/tokenpose}"  # a frozen launcher keeps a long labelling run safe from rebuilds
"$tp" teacher --image "$raw/coco128" --boxes "$out/coco128-boxes.json" --output "$out/coco128.jsonl"
"$tp" teacher --image "$raw/pose.jpg" --image "$raw/three_people.jpg" --image "$raw/portrait.jpg" \
  --image "$raw/bus.jpg" --image "$raw/skier.jpeg" --output "$out/photos.jsonl"
"$tp" teacher --image "$raw/human" --output "$out/human.jsonl"
"$tp" teacher --video "$raw/vtest.avi" --every 2 --output "$out/vtest.jsonl"
"$tp" teacher --video "$raw/dancer.avi" --every 5 --output "$out/dancer.jsonl"
"$tp" teacher --video "$raw/pose_squats.mp4" --video "$raw/pose_1.mp4" --every 1 --output "$out/tfjs-clips.jsonl"
wc -l "$out"/*.jsonl
