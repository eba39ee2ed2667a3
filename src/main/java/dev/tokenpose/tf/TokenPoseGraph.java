package dev.tokenpose.tf;

import dev.tokenpose.model.Family;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.WeightSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds the TokenPose forward pass for any configuration into a TensorFlow graph: CNN front end
 * (none, ResNet stem, or HRNet), patch embedding, keypoint tokens, encoder(s), heatmap head.
 *
 * @param heatmaps [B, K, Hh, Wh]
 * @param features the map cut into patches, NHWC [B, h, w, C]
 * @param tokensIn the sequence entering the first encoder layer, [B, K+P, D]
 * @param tokensOut the sequence after the last encoder layer, [B, K+P, D]
 * @param macsPerCrop multiply-accumulates of one crop in convolutions, linear layers and attention products
 * @param convMacsPerCrop the part of {@code macsPerCrop} in convolutions; the rest is in matrix products
 */
public record TokenPoseGraph(
        Operand<TFloat32> heatmaps,
        Operand<TFloat32> features,
        Operand<TFloat32> tokensIn,
        Operand<TFloat32> tokensOut,
        long macsPerCrop,
        long convMacsPerCrop) {

    /**
     * Adds the network to a graph.
     *
     * @param tf the graph's ops
     * @param input normalised RGB batch, NCHW [B, 3, H, W]
     * @param c the configuration
     * @param weights parameters by official state-dict key; {@link WeightSource#finish()} is called at the end
     * @return the outputs
     */
    public static TokenPoseGraph build(Ops tf, Operand<TFloat32> input, ModelConfig c, WeightSource weights) {
        return build(tf, input, c, weights, Set.of());
    }

    /**
     * Adds the network to a graph for training: parameters are the variables of {@code weights},
     * BatchNorm normalises with batch statistics.
     *
     * @param tf the graph's ops
     * @param input normalised RGB batch, NCHW [B, 3, H, W]
     * @param c the configuration
     * @param weights receives one variable per state-dict entry
     * @return the outputs
     */
    public static TokenPoseGraph buildTrainable(
            Ops tf, Operand<TFloat32> input, ModelConfig c, TrainableWeights weights) {
        return build(new Layers(tf, weights), input, c);
    }

    static TokenPoseGraph build(
            Ops ops, Operand<TFloat32> input, ModelConfig c, WeightSource weights, Set<Deviation> deviations) {
        return build(new Layers(ops, weights, deviations), input, c);
    }

    private static TokenPoseGraph build(Layers root, Operand<TFloat32> input, ModelConfig c) {
        // Every section under its own name scope, so that traces read by section.
        Layers l = root.in("backbone");
        Operand<TFloat32> image = l.tf.linalg.transpose(input, l.ints(0, 2, 3, 1));
        Operand<TFloat32> features = switch (c.family()) {
            case T -> image;
            case S -> ResNetStem.build(l, image, Family.S.tokenPrefix());
            case B, L -> HrnetFrontEnd.build(l, image, c);
        };
        l = root.in("embed");
        Ops tf = l.tf;
        String p = c.family().tokenPrefix();
        int k = c.numJoints();
        int d = c.dim();
        int np = c.numPatches();

        // Patches: [B, gh, ph, gw, pw, C] → [B, gh, gw, ph, pw, C], channel fastest inside a patch.
        Operand<TFloat32> patches = tf.reshape(
                features,
                l.ints(-1, c.gridHeight(), c.patchHeight(), c.gridWidth(), c.patchWidth(), c.featureChannels()));
        patches = tf.reshape(tf.linalg.transpose(patches, l.ints(0, 1, 3, 2, 4, 5)), l.ints(-1, c.patchDim()));
        Operand<TFloat32> x =
                tf.reshape(l.linear(patches, np, p + "patch_to_embedding", c.patchDim(), d, true), l.ints(-1, np, d));

        Operand<TFloat32> kpt = l.parameter(p + "keypoint_token", 1, k, d);
        Operand<TFloat32> reAdd = null;
        if (c.sinePositions()) {
            Operand<TFloat32> pos = l.buffer(p + "pos_embedding", 1, np, d);
            x = tf.math.add(x, pos);
            if (c.reAddsPositions()) {
                // Visual tokens only: the K keypoint rows of the re-added table are zero.
                reAdd = tf.concat(List.of(l.constant(new float[k * d], 1, k, d), pos), tf.constant(1));
            }
        }
        if (!c.posEmbedding().equals("none")) {
            // Broadcast the keypoint tokens over the batch and put them first.
            Operand<TInt32> batch = tf.slice(tf.shape(x), l.ints(0), l.ints(1));
            Operand<TFloat32> tokens = tf.broadcastTo(kpt, tf.concat(List.of(batch, l.ints(k, d)), tf.constant(0)));
            x = tf.concat(List.of(tokens, x), tf.constant(1));
        }
        if (c.posEmbedding().equals("learnable")) {
            x = tf.math.add(x, l.parameter(p + "pos_embedding", 1, k + np, d));
        }
        Operand<TFloat32> tokensIn = x;

        List<Operand<TFloat32>> keypointTokens = new ArrayList<>();
        if (c.family() == Family.L) {
            for (int e = 1; e <= 3; e++) {
                x = Encoder.build(root.in("encoder" + e), x, c, p + "transformer" + e + ".", reAdd);
                keypointTokens.add(firstTokens(tf, x, k, d));
            }
        } else {
            x = Encoder.build(root.in("encoder"), x, c, p + "transformer.", reAdd);
            keypointTokens.add(firstTokens(tf, x, k, d));
        }
        l = root.in("head");
        Operand<TFloat32> head =
                keypointTokens.size() == 1 ? keypointTokens.get(0) : l.tf.concat(keypointTokens, l.tf.constant(2));
        Operand<TFloat32> heatmaps = KeypointHead.build(l, head, c, p + "mlp_head.");
        root.finish();
        return new TokenPoseGraph(heatmaps, features, tokensIn, x, root.macsPerCrop(), root.convMacsPerCrop());
    }

    private static Operand<TFloat32> firstTokens(Ops tf, Operand<TFloat32> x, int k, int d) {
        return tf.slice(x, tf.constant(new int[] {0, 0, 0}), tf.constant(new int[] {-1, k, d}));
    }
}
