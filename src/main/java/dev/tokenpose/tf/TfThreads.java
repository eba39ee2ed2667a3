package dev.tokenpose.tf;

import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * TensorFlow session settings: threads, XLA and bfloat16. The defaults are the fastest exact
 * configuration measured for TokenPose on a 2-core AVX-512 CPU with oneDNN.
 *
 * <p>TensorFlow keeps one intra-op and one inter-op thread pool per process, sized by the first
 * session created: the thread counts of later sessions in the same process have no effect.
 *
 * @param intraOp threads inside one op (0: TensorFlow's default, one per core)
 * @param interOp ops run in parallel (0: TensorFlow's default)
 * @param xla XLA JIT compilation of auto-clustered subgraphs. Off by default: on TokenPose it ran
 *     5–10% slower than oneDNN's fused kernels, and each new batch size compiles anew (seconds)
 * @param bfloat16 oneDNN's automatic bfloat16 mixed precision. Off by default: 1.4–1.7× the crops/s
 *     at batch 16 on an AVX512_BF16 CPU, and T's heatmaps stay within bfloat16 rounding, but
 *     TensorFlow 2.18's bfloat16 convolution with 3 input channels (the RGB stem of S, B and L)
 *     computes wrong results on AVX-512 CPUs
 */
public record TfThreads(int intraOp, int interOp, boolean xla, boolean bfloat16) {

    /** TensorFlow's thread defaults, float32, no XLA. */
    public static final TfThreads DEFAULT = new TfThreads(0, 0);

    public TfThreads {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0, got " + intraOp + " and " + interOp);
        }
    }

    /** Thread settings with float32 and no XLA. */
    public TfThreads(int intraOp, int interOp) {
        this(intraOp, interOp, false, false);
    }

    /** These settings with XLA on or off. */
    public TfThreads withXla(boolean on) {
        return new TfThreads(intraOp, interOp, on, bfloat16);
    }

    /** These settings with bfloat16 mixed precision on or off. */
    public TfThreads withBfloat16(boolean on) {
        return new TfThreads(intraOp, interOp, xla, on);
    }

    /** The session configuration these settings stand for. */
    public ConfigProto toConfigProto() {
        OptimizerOptions.Builder optimizer = OptimizerOptions.newBuilder();
        if (xla) {
            // Without this process-wide flag XLA clusters nothing on CPU, whatever the session asks;
            // sessions that leave the JIT level at its default stay uncompiled.
            tensorflow.TF_SetTfXlaCpuGlobalJit((byte) 1);
            optimizer.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
        }
        RewriterConfig.Builder rewriter = RewriterConfig.newBuilder();
        if (bfloat16) {
            rewriter.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
        }
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp)
                .setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(optimizer).setRewriteOptions(rewriter))
                .build();
    }
}
