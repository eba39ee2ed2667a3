package dev.tokenpose;

import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.Keypoints;
import dev.tokenpose.preprocess.CenterScale;
import java.util.List;

/**
 * Top-down pose estimation on prepared crops: normalised person crops in, image-space keypoints
 * out, batch first. Implementations hold native resources until {@link #close()}.
 */
public interface PoseEstimator extends AutoCloseable {

    ModelConfig config();

    /** What produced the keypoints: variant and weights digest. */
    String identity();

    /**
     * @param crops normalised RGB crops, NCHW float32 [n, 3, H, W]
     * @param boxes the center/scale each crop was cut with, n of them
     * @return [n, K, 3] image x, y and score per joint
     */
    Keypoints estimate(float[] crops, List<CenterScale> boxes);

    @Override
    void close();
}
