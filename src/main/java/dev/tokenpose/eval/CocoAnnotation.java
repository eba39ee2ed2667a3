package dev.tokenpose.eval;

/**
 * One ground-truth object of a COCO keypoint file.
 *
 * @param id annotation id (0 is legal but, as in pycocotools, a detection matched to it counts as unmatched)
 * @param imageId the image it belongs to
 * @param categoryId its category
 * @param keypoints 17 × (x, y, v); v &gt; 0 marks a labelled keypoint
 * @param numKeypoints the file's {@code num_keypoints}; 0 makes the object ignored
 * @param area segmentation area in square pixels: the OKS scale and the area-range key
 * @param bbox x, y, w, h; used for OKS only when no keypoint is labelled
 * @param crowd {@code iscrowd}: ignored, and may absorb any number of detections
 */
public record CocoAnnotation(
        long id,
        long imageId,
        long categoryId,
        double[] keypoints,
        int numKeypoints,
        double area,
        double[] bbox,
        boolean crowd) {

    /**
     * pycocotools' {@code gt['ignore']} for keypoints: crowds and objects without labelled
     * keypoints. (A file's own {@code ignore} field is overwritten by pycocotools, so it is not read.)
     *
     * @return whether the object is ignored in every area range
     */
    public boolean ignored() {
        return numKeypoints == 0 || crowd;
    }
}
