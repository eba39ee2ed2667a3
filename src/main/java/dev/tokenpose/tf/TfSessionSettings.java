package dev.tokenpose.tf;

import dev.tokenpose.ComputeDevice;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * TensorFlow session settings: threads, XLA, bfloat16 and the device. The defaults are the fastest exact
 * configuration measured for TokenPose on a 2-core AVX-512 CPU with oneDNN.
 *
 * <p>TensorFlow keeps one intra-op and one inter-op thread pool per process, sized by the first
 * session created: the thread counts of later sessions in the same process have no effect.
 *
 * @param intraOp threads inside one op (0: TensorFlow's default, one per core)
 * @param interOp ops run in parallel (0: TensorFlow's default)
 * @param xla XLA JIT compilation of auto-clustered subgraphs. Off by default: on TokenPose it ran
 *     5–10% slower than oneDNN's fused kernels, and each new batch size compiles anew (seconds)
 * @param bfloat16 oneDNN's automatic bfloat16 mixed precision: 1.8× the bundled student's crops/s at
 *     batch 8 on an AMX CPU, poses within OKS 0.9997 of float32. Off here by default; {@link
 *     dev.tokenpose.Precision#AUTO} turns it on for the bundled student only, as on tiny-S's random
 *     weights TensorFlow 2.18's bfloat16 convolution with 3 input channels moved heatmaps by more than
 *     bfloat16 rounding
 * @param device where the session runs. TensorFlow fixes a process's GPU set-up with its first
 *     GPU session, so every session of one process must name the same device
 */
public record TfSessionSettings(int intraOp, int interOp, boolean xla, boolean bfloat16, ComputeDevice device) {

    /** TensorFlow's thread defaults, float32, no XLA, TensorFlow's device placement. */
    public static final TfSessionSettings DEFAULT = new TfSessionSettings(0, 0);

    public TfSessionSettings {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0, got " + intraOp + " and " + interOp);
        }
        if (device == null) {
            throw new IllegalArgumentException("device must be given (ComputeDevice.DEFAULT for TensorFlow's choice)");
        }
    }

    /** These settings on TensorFlow's device placement. */
    public TfSessionSettings(int intraOp, int interOp, boolean xla, boolean bfloat16) {
        this(intraOp, interOp, xla, bfloat16, ComputeDevice.DEFAULT);
    }

    /** Thread settings with float32, no XLA, TensorFlow's device placement. */
    public TfSessionSettings(int intraOp, int interOp) {
        this(intraOp, interOp, false, false);
    }

    /** These settings with XLA on or off. */
    public TfSessionSettings withXla(boolean on) {
        return new TfSessionSettings(intraOp, interOp, on, bfloat16, device);
    }

    /** These settings with bfloat16 mixed precision on or off. */
    public TfSessionSettings withBfloat16(boolean on) {
        return new TfSessionSettings(intraOp, interOp, xla, on, device);
    }

    /** These settings on another device. */
    public TfSessionSettings withDevice(ComputeDevice on) {
        return new TfSessionSettings(intraOp, interOp, xla, bfloat16, on);
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
        ConfigProto.Builder config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp)
                .setGraphOptions(
                        GraphOptions.newBuilder().setOptimizerOptions(optimizer).setRewriteOptions(rewriter));
        return onDevice(config, device).build();
    }

    /**
     * Puts a device choice into a session configuration: a GPU becomes the only visible device,
     * with memory taken as needed rather than all of it at start-up (the detector's session shares
     * the card); the CPU hides every GPU; the default changes nothing.
     *
     * @param config the configuration to add to
     * @param device the device
     * @return {@code config}
     */
    public static ConfigProto.Builder onDevice(ConfigProto.Builder config, ComputeDevice device) {
        switch (device.kind()) {
            case GPU ->
                config.setGpuOptions(GPUOptions.newBuilder()
                        .setVisibleDeviceList(Integer.toString(device.gpuIndex()))
                        .setAllowGrowth(true));
            case CPU -> config.putDeviceCount("GPU", 0);
            case DEFAULT -> {}
        }
        return config;
    }
}
