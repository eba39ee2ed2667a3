package dev.tokenpose;

import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.FlipPairs;
import dev.tokenpose.postprocess.FlipTest;

/**
 * The official test-time flip: each batch runs together with its mirror image in one call of
 * twice the size, and the result is the average of the heatmaps and the flipped-back mirror
 * heatmaps (pairs swapped, no one-pixel shift).
 */
public final class FlipTestHeatmapModel implements HeatmapModel {

    private final HeatmapModel model;
    private final FlipPairs pairs;

    /**
     * @param model the network
     * @param pairs the joints a mirror swaps; must match the model's joint count
     */
    public FlipTestHeatmapModel(HeatmapModel model, FlipPairs pairs) {
        if (pairs.numJoints() != model.config().numJoints()) {
            throw new IllegalArgumentException("flip pairs " + pairs + " are for " + pairs.numJoints()
                    + " joints, the model has " + model.config().numJoints());
        }
        this.model = model;
        this.pairs = pairs;
    }

    /**
     * The flip pairs for a joint count: COCO for 17, MPII for 16.
     *
     * @param numJoints the model's joint count
     * @return the pairs of the {@link JointSet} with that many joints
     * @throws IllegalArgumentException if no joint set has that many joints
     */
    public static FlipPairs defaultPairs(int numJoints) {
        return JointSet.forJoints(numJoints).flipPairs();
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
    public float[] heatmaps(float[] input, int batch) {
        ModelConfig c = model.config();
        float[] both = new float[input.length * 2];
        System.arraycopy(input, 0, both, 0, input.length);
        System.arraycopy(
                FlipTest.flipWidth(input, batch, 3, c.imageHeight(), c.imageWidth()),
                0,
                both,
                input.length,
                input.length);
        float[] out = model.heatmaps(both, 2 * batch);
        int half = out.length / 2;
        float[] plain = java.util.Arrays.copyOfRange(out, 0, half);
        float[] mirrored = java.util.Arrays.copyOfRange(out, half, out.length);
        float[] back = FlipTest.flipBack(mirrored, batch, c.numJoints(), c.heatmapHeight(), c.heatmapWidth(), pairs);
        return FlipTest.average(plain, back);
    }

    @Override
    public void close() {
        model.close();
    }
}
