package dev.tokenpose.tf;

import dev.tokenpose.model.WeightSource;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.FusedBatchNorm;
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
    /** Non-null when the graph is built for training: parameters are variables, BatchNorm uses batch statistics. */
    final TrainableWeights trainable;

    final Set<Deviation> deviations;
    /**
     * Multiply-accumulates per crop built so far: matrix products (linear layers, attention) in
     * {@link #MATMUL}, convolutions in {@link #CONV}; one array shared by every scoped view of the
     * same graph.
     */
    private final long[] macsPerCrop;

    private static final int MATMUL = 0;
    private static final int CONV = 1;

    Layers(Ops tf, WeightSource weights, Set<Deviation> deviations) {
        this(tf, weights, null, deviations, new long[2]);
    }

    /** A builder for training: every parameter is a variable of {@code trainable}. */
    Layers(Ops tf, TrainableWeights trainable) {
        this(tf, null, trainable, Set.of(), new long[2]);
    }

    private Layers(
            Ops tf, WeightSource weights, TrainableWeights trainable, Set<Deviation> deviations, long[] macsPerCrop) {
        this.tf = tf;
        this.weights = weights;
        this.trainable = trainable;
        this.deviations = deviations;
        this.macsPerCrop = macsPerCrop;
    }

    /** The same builder with its ops named under {@code scope}, so that traces read by graph section. */
    Layers in(String scope) {
        return new Layers(tf.withSubScope(scope), weights, trainable, deviations, macsPerCrop);
    }

    /** A learned parameter as the graph uses it, in PyTorch layout: a constant, or a variable when training. */
    Operand<TFloat32> parameter(String key, int... shape) {
        return trainable != null ? trainable.parameter(key, shape) : constant(weights.get(key, shape), longs(shape));
    }

    /** A stored tensor that is never trained (the sine position table). */
    Operand<TFloat32> buffer(String key, int... shape) {
        return trainable != null ? trainable.buffer(key, shape) : constant(weights.get(key, shape), longs(shape));
    }

    /** Reports the end of the build to the weight source (missing or unexpected checkpoint entries). */
    void finish() {
        if (trainable != null) {
            trainable.finish();
        } else {
            weights.finish();
        }
    }

    private static long[] longs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
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
     * would pad only after; the convolution's own EXPLICIT padding saves the copy a separate pad
     * op would make (oneDNN does not fuse TF Java's PadV2).
     */
    Operand<TFloat32> convBn(Operand<TFloat32> x, String conv, String bn, int in, int out, int kernel, int stride) {
        if (trainable != null) {
            return trainingConvBn(x, conv, bn, in, out, kernel, stride);
        }
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
        Operand<TFloat32> y = conv(x, constant(hwio, kernel, kernel, in, out), in, out, kernel, stride);
        return tf.nn.biasAdd(y, constant(bias, out));
    }

    /**
     * The training form of {@link #convBn}: the OIHW weight transposed in-graph, then BatchNorm on
     * the batch's statistics, its running mean and (unbiased) variance updated with PyTorch's
     * momentum 0.1.
     */
    private Operand<TFloat32> trainingConvBn(
            Operand<TFloat32> x, String conv, String bn, int in, int out, int kernel, int stride) {
        Operand<TFloat32> w =
                tf.linalg.transpose(parameter(conv + ".weight", out, in, kernel, kernel), ints(2, 3, 1, 0));
        Operand<TFloat32> y = conv(x, w, in, out, kernel, stride);
        Operand<TFloat32> gamma = parameter(bn + ".weight", out);
        Operand<TFloat32> beta = parameter(bn + ".bias", out);
        Operand<TFloat32> mean = trainable.buffer(bn + ".running_mean", out);
        Operand<TFloat32> var = trainable.buffer(bn + ".running_var", out);
        Operand<TFloat32> empty = constant(new float[0], 0);
        FusedBatchNorm<TFloat32, TFloat32> norm = tf.nn.fusedBatchNorm(
                y,
                gamma,
                beta,
                empty,
                empty,
                FusedBatchNorm.epsilon((float) NORM_EPS),
                FusedBatchNorm.isTraining(true));
        Operand<TFloat32> momentum = scalar(BATCHNORM_MOMENTUM);
        Operand<TFloat32> keep = scalar(1 - BATCHNORM_MOMENTUM);
        trainable.addUpdate(tf.assign(
                trainable.variableOf(bn + ".running_mean"),
                tf.math.add(tf.math.mul(mean, keep), tf.math.mul(tf.stopGradient(norm.batchMean()), momentum))));
        trainable.addUpdate(tf.assign(
                trainable.variableOf(bn + ".running_var"),
                tf.math.add(tf.math.mul(var, keep), tf.math.mul(tf.stopGradient(norm.batchVariance()), momentum))));
        return norm.y();
    }

    /** PyTorch's BatchNorm momentum: the weight of the newest batch in the running statistics. */
    static final double BATCHNORM_MOMENTUM = 0.1;

    private Operand<TFloat32> conv(
            Operand<TFloat32> x, Operand<TFloat32> filter, int in, int out, int kernel, int stride) {
        long pad = kernel / 2;
        List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
        Operand<TFloat32> y;
        if (pad == 0) {
            y = tf.nn.conv2d(x, filter, strides, "VALID");
        } else if (stride == 1) {
            y = tf.nn.conv2d(x, filter, strides, "SAME"); // odd kernel, stride 1: SAME is symmetric
        } else if (trainable != null) {
            // TensorFlow's Conv2D gradient drops explicit paddings: pad first, then a VALID convolution.
            Operand<TFloat32> padded = tf.pad(
                    x,
                    tf.constant(new int[][] {{0, 0}, {(int) pad, (int) pad}, {(int) pad, (int) pad}, {0, 0}}),
                    tf.constant(0f));
            y = tf.nn.conv2d(padded, filter, strides, "VALID");
        } else {
            y = tf.nn.conv2d(
                    x,
                    filter,
                    strides,
                    "EXPLICIT",
                    Conv2d.explicitPaddings(List.of(0L, 0L, pad, pad, pad, pad, 0L, 0L)));
        }
        macsPerCrop[CONV] += y.shape().get(1) * y.shape().get(2) * out * (long) in * kernel * kernel;
        return y;
    }

    /** Counts the multiply-accumulates per crop of a matrix product built outside {@link #linear}. */
    void countMatMulMacs(long macs) {
        macsPerCrop[MATMUL] += macs;
    }

    long macsPerCrop() {
        return macsPerCrop[MATMUL] + macsPerCrop[CONV];
    }

    long convMacsPerCrop() {
        return macsPerCrop[CONV];
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
        return linear(x2d, rowsPerCrop, key, in, out, bias, 0, 1);
    }

    /**
     * A linear layer whose first {@code scaledOutputs} output columns are multiplied by
     * {@code scale}, folded into the weights (computed in double).
     */
    Operand<TFloat32> linear(
            Operand<TFloat32> x2d,
            int rowsPerCrop,
            String key,
            int in,
            int out,
            boolean bias,
            int scaledOutputs,
            double scale) {
        countMatMulMacs((long) rowsPerCrop * in * out);
        if (trainable != null) {
            Operand<TFloat32> y = tf.linalg.matMul(x2d, parameter(key + ".weight", out, in), MatMul.transposeB(true));
            if (scaledOutputs > 0) {
                float[] columns = new float[out];
                for (int o = 0; o < out; o++) {
                    columns[o] = o < scaledOutputs ? (float) scale : 1f;
                }
                y = tf.math.mul(y, constant(columns, out));
            }
            return bias ? tf.nn.biasAdd(y, parameter(key + ".bias", out)) : y;
        }
        float[] w = weights.get(key + ".weight", out, in);
        float[] wt = new float[w.length];
        for (int o = 0; o < out; o++) {
            double s = o < scaledOutputs ? scale : 1;
            for (int i = 0; i < in; i++) {
                wt[i * out + o] = (float) (w[o * in + i] * s);
            }
        }
        Operand<TFloat32> y = tf.linalg.matMul(x2d, constant(wt, in, out));
        return bias ? tf.nn.biasAdd(y, constant(weights.get(key + ".bias", out), out)) : y;
    }

    /**
     * A batched matrix product {@code x·y} or {@code x·yᵀ} as {@code BatchMatMulV2}: oneDNN takes
     * that op over, while the {@code BatchMatMulV3} of {@code tf.train.batchMatMul} runs on
     * TensorFlow's slower Eigen kernel.
     */
    Operand<TFloat32> batchMatMul(Operand<TFloat32> x, Operand<TFloat32> y, boolean adjointY) {
        return tf.scope()
                .opBuilder("BatchMatMulV2", "BatchMatMulV2")
                .addInput(x.asOutput())
                .addInput(y.asOutput())
                .setAttr("adj_x", false)
                .setAttr("adj_y", adjointY)
                .build()
                .output(0);
    }

    /**
     * {@code relu(a + b)} for residual connections, the sum as AddN: Grappler folds that (not an
     * Add) with the ReLU into the convolution producing {@code a} or {@code b}.
     */
    Operand<TFloat32> reluSum(Operand<TFloat32> a, Operand<TFloat32> b) {
        return relu(sum(List.of(a, b)));
    }

    /** The elementwise sum of same-shaped tensors, as one AddN. */
    Operand<TFloat32> sum(List<Operand<TFloat32>> terms) {
        return terms.size() == 1 ? terms.get(0) : tf.math.addN(terms);
    }

    /**
     * LayerNorm over the last axis with biased variance, eps 1e-5, written as Keras does: the rows
     * become the channels of a training-mode {@code FusedBatchNormV3} on {@code [1, rows, dim, 1]},
     * then {@code β + y·γ}. Grappler's remapper turns exactly this pattern into one
     * {@code _MklLayerNorm}; without oneDNN it is still a single normalisation op instead of the
     * nine of the textbook form.
     */
    Operand<TFloat32> layerNorm(Operand<TFloat32> x, String key, int dim) {
        int rank = x.shape().numDimensions();
        Operand<TInt32> shape = tf.shape(x);
        Operand<TInt32> rows = tf.reshape(tf.reduceProd(tf.slice(shape, ints(0), ints(rank - 1)), ints(0)), ints(1));
        Operand<TFloat32> channels = tf.reshape(x, tf.concat(List.of(ints(1), rows, ints(dim, 1)), tf.constant(0)));
        // One empty tensor for both statistics inputs: the remapper checks that they are the same node.
        Operand<TFloat32> empty = constant(new float[0], 0);
        FusedBatchNorm<TFloat32, TFloat32> norm = tf.nn.fusedBatchNorm(
                channels,
                tf.fill(rows, tf.constant(1f)),
                tf.fill(rows, tf.constant(0f)),
                empty,
                empty,
                FusedBatchNorm.epsilon((float) NORM_EPS),
                FusedBatchNorm.isTraining(true),
                FusedBatchNorm.dataFormat("NCHW"));
        Operand<TFloat32> gamma = parameter(key + ".weight", dim);
        Operand<TFloat32> beta = parameter(key + ".bias", dim);
        return addV2(beta, tf.math.mul(tf.reshape(norm.y(), shape), gamma));
    }

    /** {@code AddV2}, which the remapper's LayerNorm pattern names (TF Java's {@code add} builds {@code Add}). */
    private Operand<TFloat32> addV2(Operand<TFloat32> x, Operand<TFloat32> y) {
        return tf.scope()
                .opBuilder("AddV2", "AddV2")
                .addInput(x.asOutput())
                .addInput(y.asOutput())
                .build()
                .output(0);
    }

    /** Exact GELU, {@code x·½·(1 + erf(x/√2))}: the tanh approximation is off by ~1e-3. */
    Operand<TFloat32> gelu(Operand<TFloat32> x) {
        if (deviations.contains(Deviation.TANH_GELU)) {
            Operand<TFloat32> cube = tf.math.mul(tf.math.mul(x, x), x);
            Operand<TFloat32> inner =
                    tf.math.mul(tf.math.add(x, tf.math.mul(cube, scalar(0.044715))), scalar(Math.sqrt(2 / Math.PI)));
            return tf.math.mul(tf.math.mul(x, scalar(0.5)), tf.math.add(tf.math.tanh(inner), scalar(1.0)));
        }
        Operand<TFloat32> erf = tf.math.erf(tf.math.mul(x, scalar(Math.sqrt(0.5))));
        return tf.math.mul(tf.math.mul(x, scalar(0.5)), tf.math.add(erf, scalar(1.0)));
    }
}
