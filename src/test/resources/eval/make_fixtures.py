"""Regenerates the pycocotools and OKS-NMS reference fixtures of the eval tests.

    python3 make_fixtures.py                        # crosscheck_*.json (needs numpy, pycocotools)
    python3 make_fixtures.py --nms TokenPose/lib/nms/nms.py   # also oks_nms.json from the official oks_nms

The cases are random but seeded; they mix what COCOeval treats specially: partly labelled people,
people without keypoints, crowds, all three area ranges, more than 20 detections in an image, tied
scores, duplicates, misses, false positives, a second category and results for an unknown one.
"""
import argparse
import ast
import contextlib
import io
import json
import types

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

SIGMAS = np.array([.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89]) / 10.0


def person_keypoints(rng, cx, cy, size):
    """A random 'person': 17 points spread over a size x 2size region around (cx, cy)."""
    x = cx + rng.uniform(-size / 2, size / 2, 17)
    y = cy + rng.uniform(-size, size, 17)
    return x, y


def make_case(rng, n_images=50):
    image_ids = rng.choice(np.arange(1, 100000), n_images, replace=False).tolist()
    images = [{"id": int(i)} for i in image_ids]
    categories = [{"id": 1, "name": "person"}, {"id": 2, "name": "other"}]
    anns, results = [], []
    ann_id = 500
    for img in image_ids:
        n_people = int(rng.integers(0, 7))
        for _ in range(n_people):
            ann_id += int(rng.integers(1, 4))
            cat = 1 if rng.random() < 0.85 else 2
            # sqrt-area from 15 (small) to 250 (large) px
            side = float(np.exp(rng.uniform(np.log(15), np.log(250))))
            area = round(side * side * rng.uniform(0.4, 0.9), 2)
            cx, cy = rng.uniform(0, 2000, 2)
            x, y = person_keypoints(rng, cx, cy, side)
            crowd = rng.random() < 0.06
            v = rng.choice([0, 1, 2], 17, p=[0.3, 0.2, 0.5])
            if crowd or rng.random() < 0.08:
                v[:] = 0
            kp = []
            for j in range(17):
                kp += [round(float(x[j]), 2), round(float(y[j]), 2), int(v[j])] if v[j] > 0 else [0, 0, 0]
            bbox = [round(float(x.min()), 2), round(float(y.min()), 2), round(float(x.max() - x.min()), 2),
                    round(float(y.max() - y.min()), 2)]
            num = int(np.count_nonzero(v))
            if rng.random() < 0.03:
                num = 0  # declared empty although some keypoints are labelled
            anns.append({"id": ann_id, "image_id": int(img), "category_id": cat, "keypoints": kp, "num_keypoints": num,
                         "area": area, "bbox": bbox, "iscrowd": int(crowd)})
            # detections of this object: none, one, or a duplicate pair
            for _ in range(int(rng.choice([0, 1, 1, 1, 2]))):
                noise = side * rng.uniform(0.005, 0.12)
                dx = x + rng.normal(0, noise, 17)
                dy = y + rng.normal(0, noise, 17)
                results.append(detection(rng, img, cat, dx, dy, 0.2, 1.0))
        # false positives, sometimes many (more than 20 per image)
        n_fp = int(rng.choice([0, 0, 0, 1, 2, 25], p=[.3, .2, .2, .15, .1, .05]))
        for _ in range(n_fp):
            side = float(np.exp(rng.uniform(np.log(15), np.log(250))))
            cx, cy = rng.uniform(0, 2000, 2)
            x, y = person_keypoints(rng, cx, cy, side)
            results.append(detection(rng, img, int(rng.choice([1, 1, 1, 2, 3])), x, y, 0.0, 0.8))
    order = rng.permutation(len(results))
    results = [results[i] for i in order]
    rng.shuffle(images)
    return {"images": images, "annotations": anns, "categories": categories}, results


def detection(rng, img, cat, x, y, low, high):
    kp = []
    for j in range(17):
        kp += [round(float(x[j]), 2), round(float(y[j]), 2), round(float(rng.uniform(0, 1)), 3)]
    # coarse scores make ties common, so the stable sort order is exercised
    score = float(rng.uniform(low, high))
    if rng.random() < 0.5:
        score = round(score, 1)
    return {"image_id": int(img), "category_id": cat, "keypoints": kp, "score": score}


def evaluate(gt_file, dt_file):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        gt = COCO(gt_file)
        dt = gt.loadRes(dt_file)
        e = COCOeval(gt, dt, "keypoints")
        e.evaluate()
        e.accumulate()
        e.summarize()
    lines = [l for l in out.getvalue().splitlines() if l.startswith(" Average")]
    return [float(v) for v in e.stats], lines


def make_nms(nms_py, rng):
    # Only oks_iou and oks_nms are taken: the module also imports compiled box-NMS extensions.
    with open(nms_py) as f:
        tree = ast.parse(f.read())
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in ("oks_iou", "oks_nms")]
    nms = types.SimpleNamespace()
    scope = {"np": np}
    exec(compile(ast.Module(body=funcs, type_ignores=[]), nms_py, "exec"), scope)
    nms.oks_nms = scope["oks_nms"]
    cases = []
    for _ in range(25):
        n = int(rng.integers(1, 16))
        base = rng.uniform(0, 300, (3, 17, 2))
        kpts = []
        for _ in range(n):
            b = base[int(rng.integers(0, 3))]
            p = np.zeros((17, 3), dtype=np.float32)
            # two decimals, so that the JSON text parses to the same float32 in Java
            p[:, :2] = np.round(b + rng.normal(0, rng.choice([0.5, 2, 6]), (17, 2)), 2)
            p[:, 2] = np.round(rng.uniform(0, 1, 17), 2)
            kpts.append(p)
        # Distinct scores: NumPy's argsort orders ties differently across versions and CPUs
        # (stable for <= 16 values before 1.25; SIMD-sorted on AVX-512 since), see OksNmsTest.
        scores = [float(rng.uniform(0, 1)) for _ in range(n)]
        areas = [float(rng.uniform(2000, 40000)) for _ in range(n)]
        db = [{"keypoints": kpts[i], "score": scores[i], "area": areas[i]} for i in range(n)]
        thr = float(rng.choice([0.5, 0.8, 0.9]))
        keep = [int(i) for i in nms.oks_nms(db, thr)]
        cases.append({"keypoints": [[round(float(v), 2) for v in k.flatten()] for k in kpts], "scores": scores, "areas": areas,
                      "threshold": thr, "keep": keep})
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nms", help="path of the official lib/nms/nms.py")
    args = ap.parse_args()
    rng = np.random.default_rng(20210419)
    gt, dt = make_case(rng)
    with open("crosscheck_gt.json", "w") as f:
        json.dump(gt, f)
    with open("crosscheck_dt.json", "w") as f:
        json.dump(dt, f)
    stats, lines = evaluate("crosscheck_gt.json", "crosscheck_dt.json")
    with open("crosscheck_expected.json", "w") as f:
        json.dump({"numpy": np.__version__, "stats": stats, "summary": lines}, f, indent=1)
    if args.nms:
        with open("oks_nms.json", "w") as f:
            json.dump(make_nms(args.nms, rng), f)


if __name__ == "__main__":
    main()
