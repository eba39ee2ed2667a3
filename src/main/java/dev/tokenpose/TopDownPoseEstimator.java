package dev.tokenpose;

import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.HeatmapDecoder;
import dev.tokenpose.postprocess.Keypoints;
import dev.tokenpose.preprocess.CenterScale;
import java.util.List;

/** The official test pipeline on crops: network (optionally with flip test), then argmax/DARK decoding and back-projection. */
public final class TopDownPoseEstimator implements PoseEstimator {

    private final HeatmapModel model;
    private final boolean dark;

    /**
     * @param model the network; closed with this estimator
     * @param flipTest whether to average with the mirrored crops' heatmaps ({@code TEST.FLIP_TEST})
     * @param dark whether to refine peaks with DARK ({@code TEST.POST_PROCESS})
     */
    public TopDownPoseEstimator(HeatmapModel model, boolean flipTest, boolean dark) {
        this.model = flipTest
                ? new FlipTestHeatmapModel(
                        model, FlipTestHeatmapModel.defaultPairs(model.config().numJoints()))
                : model;
        this.dark = dark;
    }

    @Override
    public ModelConfig config() {
        return model.config();
    }

    @Override
    public String identity() {
        return model.identity();
    }

    @Override
    public Keypoints estimate(float[] crops, List<CenterScale> boxes) {
        ModelConfig c = model.config();
        int n = boxes.size();
        if (n == 0) {
            return new Keypoints(0, c.numJoints(), new float[0]);
        }
        float[] heatmaps = model.heatmaps(crops, n);
        return HeatmapDecoder.decode(heatmaps, n, c.numJoints(), c.heatmapHeight(), c.heatmapWidth(), boxes, dark);
    }

    @Override
    public void close() {
        model.close();
    }
}
