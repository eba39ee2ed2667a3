package dev.tokenpose.eval;

/**
 * The matching of one image's detections to its objects in one category and area range
 * ({@code COCOeval.evaluateImg}), per OKS threshold.
 *
 * @param imageId the image
 * @param categoryId the category
 * @param range the area range
 * @param dtScores detection scores, ranked and cut to the detection limit
 * @param dtMatches [threshold][detection]: id of the matched object, 0 if none
 * @param dtIgnore [threshold][detection]: matched to an ignored object, or unmatched and outside the range
 * @param gtIgnore per object, ignored ones last: crowd, no keypoints, or area outside the range
 */
record ImageEvaluation(
        long imageId,
        long categoryId,
        AreaRange range,
        double[] dtScores,
        long[][] dtMatches,
        boolean[][] dtIgnore,
        boolean[] gtIgnore) {}
