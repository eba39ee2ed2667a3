package dev.tokenpose.tf;

import dev.tokenpose.model.ModelConfig;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One TokenPose encoder module: {@code depth} pre-norm layers
 * {@code x += Attn(LN(x)); x += FFN(LN(x))}, with the {@code sine-full} position re-add before
 * every layer but the first.
 */
final class Encoder {

    private Encoder() {}

    /**
     * @param x tokens [B, N, D]
     * @param prefix state-dict prefix of the module, e.g. {@code features.transformer.}
     * @param reAdd [1, N, D] table added before layers 1.., or null
     */
    static Operand<TFloat32> build(
            Layers l, Operand<TFloat32> x, ModelConfig c, String prefix, Operand<TFloat32> reAdd) {
        int n = (int) x.shape().get(1);
        for (int i = 0; i < c.depth(); i++) {
            if (i > 0 && reAdd != null && !l.deviations.contains(Deviation.NO_POSITION_READD)) {
                x = l.tf.math.add(x, reAdd);
            }
            String p = prefix + "layers." + i + ".";
            Layers li = l.in("layer" + i);
            Layers a = li.in("attn");
            Layers f = li.in("ffn");
            x = li.tf.math.add(
                    x, attention(a, a.in("norm").layerNorm(x, p + "0.fn.norm", c.dim()), c, n, p + "0.fn.fn."));
            x = li.tf.math.add(
                    x, feedForward(f, f.in("norm").layerNorm(x, p + "1.fn.norm", c.dim()), c, n, p + "1.fn.fn."));
        }
        return x;
    }

    private static Operand<TFloat32> attention(Layers l, Operand<TFloat32> x, ModelConfig c, int n, String p) {
        int d = c.dim();
        int h = c.heads();
        int dh = d / h;
        Layers qkvL = l.in("qkv");
        double scale = l.deviations.contains(Deviation.SWAPPED_ATTENTION_SCALE) ? swappedScale(c) : c.attentionScale();
        // The score scale is folded into the q columns of to_qkv: (s·q)·kᵀ = s·(q·kᵀ), one pass over
        // the [B, heads, N, N] scores fewer.
        Operand<TFloat32> qkv =
                qkvL.linear(qkvL.tf.reshape(x, qkvL.ints(-1, d)), n, p + "to_qkv", d, 3 * d, false, d, scale);
        // [B·N, 3D] → [3, B, heads, N, dh]: q | k | v, each split into heads in order.
        var tf = l.in("heads").tf;
        Operand<TFloat32> split = tf.linalg.transpose(tf.reshape(qkv, l.ints(-1, n, 3, h, dh)), l.ints(2, 0, 3, 1, 4));
        var parts = tf.unstack(split, 3L);
        Operand<TFloat32> q = parts.output().get(0);
        Operand<TFloat32> k = parts.output().get(1);
        Operand<TFloat32> v = parts.output().get(2);
        Operand<TFloat32> dots = l.in("scores").batchMatMul(q, k, true);
        Operand<TFloat32> attn = l.in("softmax").tf.nn.softmax(dots);
        l.countMatMulMacs(2L * h * n * n * dh); // q·kᵀ and attn·v
        Operand<TFloat32> out = l.in("av").batchMatMul(attn, v, false);
        tf = l.in("merge").tf;
        out = tf.reshape(tf.linalg.transpose(out, l.ints(0, 2, 1, 3)), l.ints(-1, d));
        Layers o = l.in("out");
        return o.tf.reshape(o.linear(out, n, p + "to_out.0", d, d, true), o.ints(-1, n, d));
    }

    private static double swappedScale(ModelConfig c) {
        return c.family() == dev.tokenpose.model.Family.S
                ? Math.pow((double) c.dim() / c.heads(), -0.5)
                : Math.pow(c.dim(), -0.5);
    }

    private static Operand<TFloat32> feedForward(Layers l, Operand<TFloat32> x, ModelConfig c, int n, String p) {
        int d = c.dim();
        Layers fc1 = l.in("fc1");
        Operand<TFloat32> y = fc1.linear(fc1.tf.reshape(x, fc1.ints(-1, d)), n, p + "net.0", d, c.mlpDim(), true);
        Layers fc2 = l.in("fc2");
        y = fc2.linear(l.in("gelu").gelu(y), n, p + "net.3", c.mlpDim(), d, true);
        return fc2.tf.reshape(y, fc2.ints(-1, n, d));
    }
}
