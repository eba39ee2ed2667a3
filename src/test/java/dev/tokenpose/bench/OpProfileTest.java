package dev.tokenpose.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

class OpProfileTest {

    static final double EPS = 1e-9;

    /** One node as TensorFlow's full trace records it: duration in nanoseconds (and microseconds), label with an allocator prefix. */
    static NodeExecStats node(String name, String type, long micros) {
        return NodeExecStats.newBuilder()
                .setNodeName(name)
                .setTimelineLabel("[mklcpu 0.4MB 0.4MB] " + name + " = " + type + "(a, b)")
                .setAllStartMicros(1_000_000)
                .setAllEndRelMicros(micros)
                .setAllEndRelNanos(micros * 1000)
                .build();
    }

    /** A traced call of a small TokenPose-like graph; {@code qkv} and {@code conv} vary between calls. */
    static StepStats call(long qkv, long conv) {
        return StepStats.newBuilder()
                .addDevStats(DeviceStepStats.newBuilder()
                        .setDevice("/job:localhost/replica:0/task:0/device:CPU:0")
                        // A trace without nanoseconds: the microseconds count.
                        .addNodeStats(NodeExecStats.newBuilder()
                                .setNodeName("_SOURCE")
                                .setTimelineLabel("_SOURCE = NoOp()")
                                .setAllEndRelMicros(2))
                        .addNodeStats(node("encoder/layer0/attn/qkv/MatMul", "_MklMatMul", qkv))
                        .addNodeStats(node("encoder/layer0/ffn/gelu/Mul_2", "_MklNativeFusedMatMul", 500))
                        .addNodeStats(node("encoder/layer0/attn/norm/AddV2", "_MklLayerNorm", 40))
                        .addNodeStats(node("encoder/layer0/attn/softmax/Softmax", "_MklSoftmax", 60))
                        .addNodeStats(node("encoder/layer0/attn/heads/Transpose", "_MklTranspose", 50))
                        .addNodeStats(node("encoder/layer0/Add", "Add", 20))
                        .addNodeStats(node("encoder/layer0/ffn/norm/Const_11", "Const", 5))
                        .addNodeStats(node("backbone/Relu_4", "_MklNativeFusedConv2D", conv))
                        .addNodeStats(node("encoder/layer1/ffn/gelu/Erf", "Erf", 25))
                        .addNodeStats(node("encoder/layer1/ffn/gelu/Mul", "Mul", 15)))
                .build();
    }

    @Test
    void shouldAverageEachGroupsSummedNodeTimeOverTheCallsWithItsShareAndRate() {
        // Calls of 1417 and 1817 µs summed node time: 1617 µs per call.
        OpProfile p = OpProfile.of(
                List.of(call(300, 400), call(500, 600)), 1.2, Map.of(OpGroup.MATMUL, 1.8e9, OpGroup.CONV2D, 0.5e9));

        assertThat(p.calls()).isEqualTo(2);
        assertThat(p.opMsPerCall()).isCloseTo(1.617, within(EPS));
        assertThat(p.wallMsPerCall()).isEqualTo(1.2);
        assertThat(p.parallelism()).isCloseTo(1.617 / 1.2, within(EPS));
        assertThat(p.rows()).extracting(OpProfile.Row::group).containsExactly(OpGroup.values());
        assertThat(p.rows())
                .extracting(OpProfile.Row::msPerCall)
                .containsExactly(0.9, 0.5, 0.04, 0.06, 0.04, 0.05, 0.02, 0.007);
        assertThat(p.rows().stream().mapToDouble(OpProfile.Row::share).sum()).isCloseTo(1, within(EPS));
        assertThat(p.row(OpGroup.MATMUL).share()).isCloseTo(900 / 1617.0, within(EPS));
        assertThat(p.row(OpGroup.OTHER).share()).isCloseTo(7 / 1617.0, within(EPS));
        // 1.8 GFLOP in 0.9 ms, 0.5 GFLOP in 0.5 ms.
        assertThat(p.row(OpGroup.MATMUL).gflops()).isCloseTo(2000, within(1e-6));
        assertThat(p.row(OpGroup.CONV2D).gflops()).isCloseTo(1000, within(1e-6));
        assertThat(p.row(OpGroup.CONV2D).gflopPerCall()).isCloseTo(0.5, within(EPS));
        assertThat(p.row(OpGroup.SOFTMAX).gflops()).isNull();
        assertThat(p.row(OpGroup.SOFTMAX).gflopPerCall()).isNull();
    }

    @Test
    void shouldListOpTypesByTimeAndTheGroupsFusedIntoAnother() {
        OpProfile p = OpProfile.of(List.of(call(300, 400), call(500, 600)), 1.2, Map.of());

        assertThat(p.row(OpGroup.MATMUL).opsPerCall())
                .containsExactly(Map.entry("_MklNativeFusedMatMul", 1L), Map.entry("_MklMatMul", 1L));
        assertThat(p.row(OpGroup.MATMUL).fusedPerCall()).containsExactly(Map.entry("GELU/Erf", 1L));
        assertThat(p.row(OpGroup.GELU).opsPerCall()).containsExactly(Map.entry("Erf", 1L), Map.entry("Mul", 1L));
        assertThat(p.row(OpGroup.GELU).fusedPerCall()).isEmpty();
        assertThat(p.row(OpGroup.LAYER_NORM).fusedPerCall()).isEmpty();
        assertThat(p.row(OpGroup.OTHER).opsPerCall()).containsExactly(Map.entry("Const", 1L), Map.entry("NoOp", 1L));
    }

    @Test
    void shouldGroupTensorFlowsOneDnnsAndEigensOpTypes() {
        assertThat(OpGroup.of("MatMul", "x/MatMul")).isEqualTo(OpGroup.MATMUL);
        assertThat(OpGroup.of("_FusedMatMul", "x/BiasAdd")).isEqualTo(OpGroup.MATMUL);
        assertThat(OpGroup.of("_MklFusedBatchMatMulV2", "x/Mul")).isEqualTo(OpGroup.MATMUL);
        assertThat(OpGroup.of("BatchMatMulV3", "x/scores/BatchMatMulV3")).isEqualTo(OpGroup.MATMUL);
        assertThat(OpGroup.of("Conv2D", "x/Conv2D")).isEqualTo(OpGroup.CONV2D);
        assertThat(OpGroup.of("_FusedConv2D", "x/Relu")).isEqualTo(OpGroup.CONV2D);
        assertThat(OpGroup.of("DepthwiseConv2dNative", "x/dw")).isEqualTo(OpGroup.CONV2D);
        assertThat(OpGroup.of("FusedBatchNormV3", "a/norm/FusedBatchNormV3")).isEqualTo(OpGroup.LAYER_NORM);
        assertThat(OpGroup.of("_MklLayerNorm", "head/AddV2")).isEqualTo(OpGroup.LAYER_NORM);
        // An unfused LayerNorm's elementwise ops and shape arithmetic count with it; its constants do not.
        assertThat(OpGroup.of("Mul", "a/norm/Mul")).isEqualTo(OpGroup.LAYER_NORM);
        assertThat(OpGroup.of("Prod", "a/norm/Prod")).isEqualTo(OpGroup.LAYER_NORM);
        assertThat(OpGroup.of("Const", "a/norm/Const_3")).isEqualTo(OpGroup.OTHER);
        assertThat(OpGroup.of("Softmax", "a/softmax/Softmax")).isEqualTo(OpGroup.SOFTMAX);
        assertThat(OpGroup.of("Erf", "x/Erf")).isEqualTo(OpGroup.GELU);
        assertThat(OpGroup.of("Tanh", "f/gelu/Tanh")).isEqualTo(OpGroup.GELU);
        assertThat(OpGroup.of("Add", "f/gelu/Add")).isEqualTo(OpGroup.GELU);
        assertThat(OpGroup.of("Unpack", "a/heads/Unstack")).isEqualTo(OpGroup.TRANSPOSE_RESHAPE);
        assertThat(OpGroup.of("Reshape", "a/norm/Reshape")).isEqualTo(OpGroup.TRANSPOSE_RESHAPE);
        assertThat(OpGroup.of("AddV2", "embed/AddV2")).isEqualTo(OpGroup.ADD);
        assertThat(OpGroup.of("BiasAdd", "x/BiasAdd")).isEqualTo(OpGroup.ADD);
        assertThat(OpGroup.of("_MklAddN", "x/AddN")).isEqualTo(OpGroup.ADD);
        assertThat(OpGroup.of("Relu", "x/Relu")).isEqualTo(OpGroup.OTHER);
        // A scope is a path part before the node's own name.
        assertThat(OpGroup.byScope("x/norm")).isNull();
    }

    @Test
    void shouldReadTheOpTypeFromTheTimelineLabel() {
        assertThat(OpProfile.opType(node("a/b", "_MklNativeFusedMatMul", 1))).isEqualTo("_MklNativeFusedMatMul");
        assertThat(OpProfile.opType(NodeExecStats.newBuilder()
                        .setNodeName("n")
                        .setTimelineLabel("n = Const()")
                        .build()))
                .isEqualTo("Const");
        assertThat(OpProfile.opType(NodeExecStats.newBuilder().setNodeName("n").build()))
                .isEqualTo("unknown");
    }

    @Test
    void shouldRefuseToProfileNoCalls() {
        assertThatThrownBy(() -> OpProfile.of(List.of(), 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no traced calls");
    }
}
