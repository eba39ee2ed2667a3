package dev.tokenpose.tf;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * In-graph heatmap decoding for serving: per map the first maximum, as heatmap-space
 * (x, y, score), with (0, 0) where the maximum is not positive — the official integer argmax.
 */
final class ArgmaxDecoder {

    private ArgmaxDecoder() {}

    /**
     * @param heatmaps [B, K, Hh, Wh]
     * @return [B, K, 3]: x, y in heatmap pixels, score = the map's maximum
     */
    static Operand<TFloat32> build(Ops tf, Operand<TFloat32> heatmaps, int k, int hh, int wh) {
        Operand<TFloat32> flat = tf.reshape(heatmaps, tf.constant(new int[] {-1, k, hh * wh}));
        Operand<TInt32> idx = tf.math.argMax(flat, tf.constant(2), TInt32.class);
        Operand<TFloat32> score = tf.max(flat, tf.constant(2), Max.keepDims(false));
        Operand<TFloat32> x = tf.dtypes.cast(tf.math.floorMod(idx, tf.constant(wh)), TFloat32.class);
        Operand<TFloat32> y = tf.dtypes.cast(tf.math.floorDiv(idx, tf.constant(wh)), TFloat32.class);
        Operand<TFloat32> positive = tf.dtypes.cast(tf.math.greater(score, tf.constant(0f)), TFloat32.class);
        return tf.stack(
                List.of(tf.math.mul(x, positive), tf.math.mul(y, positive), score),
                org.tensorflow.op.core.Stack.axis(2L));
    }
}
