package dev.tokenpose.eval;

/**
 * One detected pose of a results file, completed as pycocotools' {@code loadRes} completes it.
 *
 * @param id 1-based position in the results file
 * @param imageId the image it was detected in
 * @param categoryId its category
 * @param keypoints 17 × (x, y, score)
 * @param score the detection's confidence; detections are ranked by it
 * @param area the keypoints' extent (x range × y range), or w × h of a given {@code bbox}
 * @param bbox the keypoints' extent as x, y, w, h, or the given box
 */
public record CocoResult(
        long id, long imageId, long categoryId, double[] keypoints, double score, double area, double[] bbox) {}
