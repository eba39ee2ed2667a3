/**
 * Person detection for the top-down pose model: {@link dev.tokenpose.detect.PersonDetector} finds
 * the person boxes that TokenPose crops.
 *
 * <p>{@link dev.tokenpose.detect.PersonDetectors#open(String)} opens {@code nanodet} (the default:
 * NanoDet run by TensorFlow Java from a bundled TensorFlow.js graph,
 * {@link dev.tokenpose.detect.NanoDetPersonDetector}), {@code hog} (OpenCV's HOG people detector,
 * {@link dev.tokenpose.detect.HogPersonDetector}, no model file) or {@code none} (the whole frame is
 * one person, {@link dev.tokenpose.detect.WholeFrameDetector}).
 */
package dev.tokenpose.detect;
