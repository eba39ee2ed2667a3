package dev.tokenpose.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression. */
final class Nms {

    private Nms() {}

    /**
     * Keeps the best-scoring boxes, dropping every box that overlaps a kept one too much.
     *
     * @param boxes candidates in any order
     * @param iouThreshold a box whose IoU with a kept box exceeds this is dropped
     * @param maxKept at most this many boxes are kept
     * @return the kept boxes by descending score
     */
    static List<Detection> suppress(List<Detection> boxes, double iouThreshold, int maxKept) {
        List<Detection> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.size() == maxKept) {
                break;
            }
            if (kept.stream().noneMatch(k -> k.iou(d) > iouThreshold)) {
                kept.add(d);
            }
        }
        return kept;
    }
}
