/**
 * Multi-person tracking with persistent ids and One-Euro keypoint smoothing, as pure functions over
 * serializable state so that a stream can keep one {@link dev.tokenpose.track.TrackerState} per video.
 *
 * <p>{@link dev.tokenpose.track.Tracker#update} associates a frame's poses with the live tracks
 * ({@link dev.tokenpose.track.PoseSimilarity} scored, {@link dev.tokenpose.track.Hungarian} assigned),
 * smooths each track's keypoints ({@link dev.tokenpose.track.PoseSmoother}) and returns the next state
 * with a {@link dev.tokenpose.track.TrackedPerson} per input pose.
 */
package dev.tokenpose.track;
