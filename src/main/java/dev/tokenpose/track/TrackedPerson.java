package dev.tokenpose.track;

import dev.tokenpose.PersonPose;

/**
 * One input pose after tracking: its track id and its smoothed keypoints next to the raw ones.
 *
 * @param trackId the id of the person's track, or null while that track is tentative; an id once
 *     published stays with the same track until the track dies and is never given to another
 * @param smoothed the input pose with smoothed keypoint coordinates (box, scores and pose score unchanged)
 * @param rawKeypoints the input keypoints K × (x, y, score), unchanged
 */
public record TrackedPerson(Long trackId, PersonPose smoothed, float[] rawKeypoints) {}
