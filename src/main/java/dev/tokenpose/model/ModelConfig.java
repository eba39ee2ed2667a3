package dev.tokenpose.model;

import java.util.Locale;

/**
 * Everything that shapes a TokenPose network, read from an official experiment YAML
 * ({@link ModelConfigs#fromYaml}) or taken from a built-in preset ({@link ModelConfigs#preset}).
 *
 * <p>Sizes are stored as width and height separately, because the YAMLs list them as
 * {@code [width, height]} while the network works in height × width.
 *
 * @param name a label for the configuration (variant or file name)
 * @param family network family ({@code MODEL.NAME})
 * @param imageWidth input width in pixels
 * @param imageHeight input height in pixels
 * @param heatmapWidth heatmap width
 * @param heatmapHeight heatmap height
 * @param patchWidth patch width on the feature map
 * @param patchHeight patch height on the feature map
 * @param dim token width D
 * @param depth encoder layers (per encoder for L, which has three)
 * @param heads attention heads
 * @param mlpRatio hidden width of the feed-forward block as a multiple of D
 * @param numJoints keypoints K
 * @param baseChannel channels of the feature map cut into patches for T, B and L
 * @param hiddenHeatmapDim {@code HIDDEN_HEATMAP_DIM}, read by L only
 * @param posEmbedding {@code POS_EMBEDDING_TYPE}: sine-full, sine, learnable or none
 * @param stage2 HRNet stage 2 (B and L only, else null)
 * @param stage3 HRNet stage 3 (B and L only, else null)
 */
public record ModelConfig(
        String name,
        Family family,
        int imageWidth,
        int imageHeight,
        int heatmapWidth,
        int heatmapHeight,
        int patchWidth,
        int patchHeight,
        int dim,
        int depth,
        int heads,
        int mlpRatio,
        int numJoints,
        int baseChannel,
        int hiddenHeatmapDim,
        String posEmbedding,
        HrnetStage stage2,
        HrnetStage stage3) {

    /** Channels of the stride-4 map of the ResNet stem + layer1 (fixed in the S model). */
    public static final int S_FEATURE_CHANNELS = 256;

    public ModelConfig {
        posEmbedding = posEmbedding.toLowerCase(Locale.ROOT);
        check(imageWidth > 0 && imageHeight > 0, "IMAGE_SIZE must be positive");
        check(heatmapWidth > 0 && heatmapHeight > 0, "HEATMAP_SIZE must be positive");
        check(patchWidth > 0 && patchHeight > 0, "PATCH_SIZE must be positive");
        check(
                dim > 0 && depth > 0 && heads > 0 && mlpRatio > 0 && numJoints > 0,
                "DIM, TRANSFORMER_DEPTH, TRANSFORMER_HEADS, TRANSFORMER_MLP_RATIO and NUM_JOINTS must be positive");
        check(dim % heads == 0, "DIM " + dim + " is not divisible by TRANSFORMER_HEADS " + heads);
        check(
                switch (posEmbedding) {
                    case "sine-full", "sine", "learnable" -> true;
                    case "none" -> family == Family.S;
                    default -> false;
                },
                "POS_EMBEDDING_TYPE '" + posEmbedding + "' is not supported for " + family.modelName()
                        + " (sine-full, sine, learnable; none only for pose_tokenpose_s)");
        if (family.usesHrnet()) {
            check(
                    stage2 != null && stage3 != null,
                    "MODEL.EXTRA.STAGE2 and STAGE3 are required for " + family.modelName());
            check(
                    stage2.branches() == 2 && stage3.branches() == 3,
                    "HRNet needs 2 branches in STAGE2 and 3 in STAGE3, got " + stage2.branches() + " and "
                            + stage3.branches());
            check(
                    stage3.channels()[0] == baseChannel,
                    "BASE_CHANNEL " + baseChannel + " must equal the HRNet branch-0 width " + stage3.channels()[0]);
        }
        int fh = featureHeight(family, imageHeight);
        int fw = featureWidth(family, imageWidth);
        check(
                fh % patchHeight == 0 && fw % patchWidth == 0,
                "feature map " + fh + "x" + fw + " (h x w) is not divisible into " + patchHeight + "x" + patchWidth
                        + " patches");
        if (family == Family.L) {
            check(
                    3 * dim > hiddenHeatmapDim / 2,
                    "HIDDEN_HEATMAP_DIM " + hiddenHeatmapDim
                            + " would ask for a two-layer head, which the official L model cannot build");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new ModelConfigException(message);
        }
    }

    private static int featureHeight(Family family, int imageHeight) {
        return family == Family.T ? imageHeight : halve(halve(imageHeight));
    }

    private static int featureWidth(Family family, int imageWidth) {
        return family == Family.T ? imageWidth : halve(halve(imageWidth));
    }

    /** Output size of a 3×3, stride-2, padding-1 convolution. */
    private static int halve(int n) {
        return (n + 1) / 2;
    }

    /** Height of the map that is cut into patches. */
    public int featureHeight() {
        return featureHeight(family, imageHeight);
    }

    /** Width of the map that is cut into patches. */
    public int featureWidth() {
        return featureWidth(family, imageWidth);
    }

    /** Channels of the map that is cut into patches. */
    public int featureChannels() {
        return family == Family.S ? S_FEATURE_CHANNELS : baseChannel;
    }

    public int gridHeight() {
        return featureHeight() / patchHeight;
    }

    public int gridWidth() {
        return featureWidth() / patchWidth;
    }

    /** Number of visual tokens P. */
    public int numPatches() {
        return gridHeight() * gridWidth();
    }

    /** Length of one flattened patch. */
    public int patchDim() {
        return patchHeight * patchWidth * featureChannels();
    }

    public int mlpDim() {
        return dim * mlpRatio;
    }

    /** Number of stacked encoders: three for L, one otherwise. */
    public int encoders() {
        return family == Family.L ? 3 : 1;
    }

    /** The attention scale: D^-0.5 for S, (D/heads)^-0.5 for the others. */
    public double attentionScale() {
        return family == Family.S ? Math.pow(dim, -0.5) : Math.pow((double) dim / heads, -0.5);
    }

    /** Width of the tokens entering the head: D, or 3D for the fused tokens of L. */
    public int headInput() {
        return family == Family.L ? 3 * dim : dim;
    }

    /** Hidden width that decides the head: Hh·Wh/8 for T, S and B, HIDDEN_HEATMAP_DIM for L. */
    public int headHidden() {
        return family == Family.L ? hiddenHeatmapDim : heatmapHeight * heatmapWidth / 8;
    }

    /** Whether the head is LN → Linear → LN → Linear (else LN → Linear). */
    public boolean twoLayerHead() {
        return headInput() <= headHidden() * 0.5;
    }

    /** Whether the position table is added again before every layer but the first of each encoder. */
    public boolean reAddsPositions() {
        return posEmbedding.equals("sine-full");
    }

    public boolean sinePositions() {
        return posEmbedding.startsWith("sine");
    }

    /** Human-readable one-line summary. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s (%s): input %dx%d (h x w), heatmap %dx%d, patch %dx%d on %dx%dx%d, P=%d, D=%d, depth=%s, heads=%d, K=%d",
                name,
                family.modelName(),
                imageHeight,
                imageWidth,
                heatmapHeight,
                heatmapWidth,
                patchHeight,
                patchWidth,
                featureChannels(),
                featureHeight(),
                featureWidth(),
                numPatches(),
                dim,
                encoders() > 1 ? encoders() + "x" + depth : String.valueOf(depth),
                heads,
                numJoints);
    }
}
