package dev.tokenpose.bench;

import java.util.List;

/**
 * What an executed TensorFlow node counts as in a profile: its op type decides, whatever kernel
 * library ran it ({@code MatMul}, {@code _MklNativeFusedMatMul} and {@code _FusedMatMul} are all
 * MatMul), and for elementwise ops the name scope the graph builder put them in (the {@code Mul}
 * and {@code Add} of a textbook GELU count with GELU, those of an unfused LayerNorm with
 * LayerNorm).
 */
public enum OpGroup {
    /** MatMul, BatchMatMul and Einsum, fused or not (oneDNN folds bias, GELU and residual adds into them). */
    MATMUL("MatMul/BatchMatMul"),
    /** Conv2D and the other convolutions, fused or not (with folded BatchNorm, bias, ReLU and residual adds). */
    CONV2D("Conv2D"),
    /** {@code _MklLayerNorm}, and {@code FusedBatchNorm*} as the graph uses it for LayerNorm. */
    LAYER_NORM("LayerNorm"),
    /** Softmax. */
    SOFTMAX("Softmax"),
    /** Erf and Gelu, and the elementwise ops of a {@code gelu} scope (Mul, Add, the Tanh of the approximation). */
    GELU("GELU/Erf"),
    /** Data movement: Transpose, Reshape, (un)stacking, concatenation, slices and broadcasts. */
    TRANSPOSE_RESHAPE("Transpose/Reshape"),
    /** Add, AddV2, AddN and BiasAdd outside the scopes above: residual connections and position tables. */
    ADD("Add"),
    /** Everything else: constants (also those of the scopes above), arguments, shape arithmetic, a lone ReLU, ... */
    OTHER("others");

    /** Name scopes whose elementwise ops belong to a group (as {@code Encoder} names them). */
    private static final List<String> GELU_SCOPES = List.of("gelu");

    private static final List<String> NORM_SCOPES = List.of("norm");
    private static final List<String> DATA_MOVEMENT = List.of(
            "Transpose",
            "ConjugateTranspose",
            "Reshape",
            "Unpack",
            "Pack",
            "Concat",
            "ConcatV2",
            "Slice",
            "StridedSlice",
            "Squeeze",
            "ExpandDims",
            "BroadcastTo",
            "Tile",
            "Split",
            "SplitV",
            "Identity",
            "GatherV2",
            "Pad",
            "PadV2");
    private static final List<String> ADDS = List.of("Add", "AddV2", "AddN", "BiasAdd");

    private final String label;

    OpGroup(String label) {
        this.label = label;
    }

    /** The group's name in reports, e.g. {@code MatMul/BatchMatMul}. */
    public String label() {
        return label;
    }

    /**
     * The group of an executed node.
     *
     * @param opType the op type the runtime ran, e.g. {@code _MklNativeFusedMatMul}
     * @param nodeName the node's full name, e.g. {@code encoder/layer3/ffn/gelu/Mul_2}
     * @return the group
     */
    public static OpGroup of(String opType, String nodeName) {
        OpGroup byType = byType(opType);
        if (byType != null) {
            return byType;
        }
        // Constants are the weights and shapes of a scope, not its work.
        OpGroup byScope = baseType(opType).endsWith("Const") ? null : byScope(nodeName);
        if (byScope != null) {
            return byScope;
        }
        return ADDS.contains(baseType(opType)) ? ADD : OTHER;
    }

    /**
     * The group a node's name scope places it in, whatever its op type: {@link #GELU} or
     * {@link #LAYER_NORM}, or null. A contraction named so is one the GELU or LayerNorm was fused into.
     *
     * @param nodeName the node's full name
     * @return the group of its innermost matching scope, or null
     */
    public static OpGroup byScope(String nodeName) {
        String[] parts = nodeName.split("/");
        // The last part is the node's own name, not a scope.
        for (int i = parts.length - 2; i >= 0; i--) {
            if (GELU_SCOPES.contains(parts[i])) {
                return GELU;
            }
            if (NORM_SCOPES.contains(parts[i])) {
                return LAYER_NORM;
            }
        }
        return null;
    }

    private static OpGroup byType(String opType) {
        String base = baseType(opType);
        if (base.contains("MatMul") || base.equals("Einsum")) {
            return MATMUL;
        }
        if (base.startsWith("Conv") || base.startsWith("DepthwiseConv") || base.contains("Conv2D")) {
            return CONV2D;
        }
        if (base.contains("LayerNorm") || base.startsWith("BatchNorm")) {
            return LAYER_NORM;
        }
        if (base.contains("Softmax")) {
            return SOFTMAX;
        }
        if (base.equals("Erf") || base.equals("Gelu")) {
            return GELU;
        }
        if (DATA_MOVEMENT.contains(base)) {
            return TRANSPOSE_RESHAPE;
        }
        return null;
    }

    /**
     * The op type without the prefixes of oneDNN's and Grappler's rewrites: {@code _MklNativeFusedMatMul},
     * {@code _FusedMatMul} and {@code _MklMatMul} all become {@code MatMul}, {@code FusedBatchNormV3}
     * becomes {@code BatchNormV3}.
     */
    static String baseType(String opType) {
        String t = opType;
        for (boolean stripped = true; stripped; ) {
            stripped = false;
            for (String prefix : List.of("_Mkl", "_", "Native", "Fused")) {
                if (t.startsWith(prefix) && t.length() > prefix.length()) {
                    t = t.substring(prefix.length());
                    stripped = true;
                }
            }
        }
        return t;
    }
}
