/**
 * COCO keypoint evaluation as pycocotools computes it, and the official post-processing that
 * precedes it.
 *
 * <p>{@link dev.tokenpose.eval.CocoDataset} reads a ground-truth file and the results against it;
 * {@link dev.tokenpose.eval.CocoKeypointEval} matches detections to people by
 * {@link dev.tokenpose.eval.Oks OKS} and reports the ten
 * {@link dev.tokenpose.eval.KeypointStats numbers}. Before results are written, the official
 * pipeline {@link dev.tokenpose.eval.Rescoring rescores} each pose and runs
 * {@link dev.tokenpose.eval.OksNms OKS-NMS} per image. Every problem with a file is a
 * {@link dev.tokenpose.eval.CocoFormatException}.
 */
package dev.tokenpose.eval;
