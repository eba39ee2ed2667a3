package dev.tokenpose.teacher;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One person labelled by the teacher: a line of a {@code labels.jsonl} file, the training data of
 * the student.
 *
 * @param image the image file, relative to the labels file's folder
 * @param source the clip or collection it came from (for held-out splits and provenance)
 * @param frame frame index in its clip, or 0 for a photo
 * @param box person box x, y, w, h in image pixels
 * @param boxScore detector score, or 1 for a given box
 * @param keypoints 17 × (x, y, score), image pixels, COCO order
 * @param teacher the model that labelled it
 */
public record TeacherLabel(
        @JsonProperty("image") String image,
        @JsonProperty("source") String source,
        @JsonProperty("frame") long frame,
        @JsonProperty("box") double[] box,
        @JsonProperty("box_score") double boxScore,
        @JsonProperty("keypoints") float[] keypoints,
        @JsonProperty("teacher") String teacher) {

    /** Mean keypoint score: how sure the teacher is of this person as a whole. */
    public double meanScore() {
        double s = 0;
        for (int j = 0; j < keypoints.length / 3; j++) {
            s += keypoints[3 * j + 2];
        }
        return s / (keypoints.length / 3);
    }
}
