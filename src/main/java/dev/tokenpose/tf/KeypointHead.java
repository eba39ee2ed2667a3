package dev.tokenpose.tf;

import dev.tokenpose.model.ModelConfig;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The heatmap head ({@code mlp_head}): LN → Linear → LN → Linear when the input width is at most
 * half the hidden width, else LN → Linear; each keypoint token becomes one Hh×Wh map.
 */
final class KeypointHead {

    private KeypointHead() {}

    /**
     * @param tokens keypoint tokens [B, K, Din]
     * @return heatmaps [B, K, Hh, Wh]
     */
    static Operand<TFloat32> build(Layers l, Operand<TFloat32> tokens, ModelConfig c, String p) {
        int in = c.headInput();
        int hw = c.heatmapHeight() * c.heatmapWidth();
        Operand<TFloat32> x = l.tf.reshape(l.layerNorm(tokens, p + "0", in), l.ints(-1, in));
        if (c.twoLayerHead()) {
            int hidden = c.headHidden();
            x = l.linear(x, c.numJoints(), p + "1", in, hidden, true);
            x = l.layerNorm(x, p + "2", hidden);
            x = l.linear(x, c.numJoints(), p + "3", hidden, hw, true);
        } else {
            x = l.linear(x, c.numJoints(), p + "1", in, hw, true);
        }
        return l.tf.reshape(x, l.ints(-1, c.numJoints(), c.heatmapHeight(), c.heatmapWidth()));
    }
}
