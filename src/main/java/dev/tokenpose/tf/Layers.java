package dev.tokenpose.tf;

import dev.tokenpose.model.WeightSource;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The building blocks shared by every TokenPose graph: convolution with folded BatchNorm,
 * linear layers, LayerNorm and exact GELU, in NHWC with weights converted from PyTorch layout.
 */
final class Layers {

    /** PyTorch's default eps for both BatchNorm and LayerNorm. */
    static final double NORM_EPS = 1e-5;

    final Ops tf;
    final WeightSource weights;
    final Set<Deviation> deviations;
    /** Multiply-accumulates per crop of every convolution, linear layer and attention product built so far. */
    private long macsPerCrop;

    Layers(Ops tf, WeightSource weights, Set<Deviation> deviations) {
        this.tf = tf;
        this.weights = weights;
        this.deviations = deviations;
    }

    Constant<TFloat32> constant(float[] values, long... shape) {
        return tf.constant(Shape.of(shape), DataBuffers.of(values, true, false));
    }

    Constant<TInt32> ints(int... values) {
        return tf.constant(values);
    }

    Operand<TFloat32> scalar(double value) {
        return tf.constant((float) value);
    }

    /**
     * A bias-free convolution followed by an eval-mode BatchNorm, folded into one convolution:
     * {@code w' = w·γ/√(var+eps)}, {@code b' = β − mean·γ/√(var+eps)} (computed in double).
     * Padding is PyTorch's symmetric {@code k/2}; for stride 2 it is explicit, because TF's SAME
     * would pad only after.
     */
    Operand<TFloat32> convBn(Operand<TFloat32> x, String conv, String bn, int in, int out, int kernel, int stride) {
        float[] w = weights.get(conv + ".weight", out, in, kernel, kernel);
        float[] gamma = weights.get(bn + ".weight", out);
        float[] beta = weights.get(bn + ".bias", out);
        float[] mean = weights.get(bn + ".running_mean", out);
        float[] var = weights.get(bn + ".running_var", out);
        // HWIO filter, scaled per output channel.
        float[] hwio = new float[w.length];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            double eps = deviations.contains(Deviation.BATCHNORM_EPS_1E3) ? 1e-3 : NORM_EPS;
            double s = gamma[o] / Math.sqrt(var[o] + eps);
            bias[o] = (float) (beta[o] - mean[o] * s);
            for (int i = 0; i < in; i++) {
                for (int ky = 0; ky < kernel; ky++) {
                    for (int kx = 0; kx < kernel; kx++) {
                        float v = w[((o * in + i) * kernel + ky) * kernel + kx];
                        hwio[((ky * kernel + kx) * in + i) * out + o] = (float) (v * s);
                    }
                }
            }
        }
        Operand<TFloat32> filter = constant(hwio, kernel, kernel, in, out);
        int pad = kernel / 2;
        Operand<TFloat32> input = x;
        String padding = "VALID";
        if (pad > 0 && stride == 1) {
            padding = "SAME"; // odd kernel, stride 1: SAME is symmetric
        } else if (pad > 0) {
            input = tf.pad(x, tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), tf.constant(0f));
        }
        Operand<TFloat32> y = tf.nn.conv2d(input, filter, java.util.List.of(1L, (long) stride, (long) stride, 1L), padding);
        countMacs(y.shape().get(1) * y.shape().get(2) * out * (long) in * kernel * kernel);
        return tf.nn.biasAdd(y, constant(bias, out));
    }

    void countMacs(long macs) {
        macsPerCrop += macs;
    }

    long macsPerCrop() {
        return macsPerCrop;
    }

    Operand<TFloat32> relu(Operand<TFloat32> x) {
        return tf.nn.relu(x);
    }

    /**
     * A linear layer on the last axis of a rank-2 input [rows, in].
     *
     * @param rowsPerCrop rows of {@code x2d} that belong to one crop (for the operation count)
     * @param bias whether the layer has a bias ({@code to_qkv} has none)
     */
    Operand<TFloat32> linear(Operand<TFloat32> x2d, int rowsPerCrop, String key, int in, int out, boolean bias) {
        countMacs((long) rowsPerCrop * in * out);
        float[] w = weights.get(key + ".weight", out, in);
        float[] wt = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                wt[i * out + o] = w[o * in + i];
            }
        }
        Operand<TFloat32> y = tf.linalg.matMul(x2d, constant(wt, in, out));
        return bias ? tf.nn.biasAdd(y, constant(weights.get(key + ".bias", out), out)) : y;
    }

    /** LayerNorm over the last axis with biased variance, eps 1e-5. */
    Operand<TFloat32> layerNorm(Operand<TFloat32> x, String key, int dim) {
        Operand<TInt32> last = ints(-1);
        Operand<TFloat32> mean = tf.math.mean(x, last, Mean.keepDims(true));
        Operand<TFloat32> var = tf.math.mean(tf.math.squaredDifference(x, mean), last, Mean.keepDims(true));
        Operand<TFloat32> norm = tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(var, scalar(NORM_EPS))));
        Operand<TFloat32> gamma = constant(weights.get(key + ".weight", dim), dim);
        Operand<TFloat32> beta = constant(weights.get(key + ".bias", dim), dim);
        return tf.math.add(tf.math.mul(norm, gamma), beta);
    }

    /** Exact GELU, {@code x·½·(1 + erf(x/√2))}: the tanh approximation is off by ~1e-3. */
    Operand<TFloat32> gelu(Operand<TFloat32> x) {
        if (deviations.contains(Deviation.TANH_GELU)) {
            Operand<TFloat32> cube = tf.math.mul(tf.math.mul(x, x), x);
            Operand<TFloat32> inner = tf.math.mul(tf.math.add(x, tf.math.mul(cube, scalar(0.044715))), scalar(Math.sqrt(2 / Math.PI)));
            return tf.math.mul(tf.math.mul(x, scalar(0.5)), tf.math.add(tf.math.tanh(inner), scalar(1.0)));
        }
        Operand<TFloat32> erf = tf.math.erf(tf.math.mul(x, scalar(Math.sqrt(0.5))));
        return tf.math.mul(tf.math.mul(x, scalar(0.5)), tf.math.add(erf, scalar(1.0)));
    }
}
