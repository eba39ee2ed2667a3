package dev.tokenpose.tf;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The stride-4 CNN front of S and of the HRNet variants: two 3×3 stride-2 convolutions (3→64→64)
 * and ResNet {@code layer1}, four Bottleneck blocks of width 64 (output 256 channels).
 */
final class ResNetStem {

    static final int STEM_WIDTH = 64;
    static final int LAYER1_BLOCKS = 4;
    static final int EXPANSION = 4;

    private ResNetStem() {}

    /**
     * @param x NHWC image batch [B, H, W, 3]
     * @param prefix state-dict prefix ({@code features.} or {@code pre_feature.})
     * @return NHWC [B, H/4, W/4, 256]
     */
    static Operand<TFloat32> build(Layers l, Operand<TFloat32> x, String prefix) {
        Operand<TFloat32> y = l.relu(l.convBn(x, prefix + "conv1", prefix + "bn1", 3, STEM_WIDTH, 3, 2));
        y = l.relu(l.convBn(y, prefix + "conv2", prefix + "bn2", STEM_WIDTH, STEM_WIDTH, 3, 2));
        int in = STEM_WIDTH;
        for (int b = 0; b < LAYER1_BLOCKS; b++) {
            y = bottleneck(l, y, prefix + "layer1." + b + ".", in, STEM_WIDTH);
            in = STEM_WIDTH * EXPANSION;
        }
        return y;
    }

    private static Operand<TFloat32> bottleneck(Layers l, Operand<TFloat32> x, String p, int in, int width) {
        int out = width * EXPANSION;
        Operand<TFloat32> y = l.relu(l.convBn(x, p + "conv1", p + "bn1", in, width, 1, 1));
        y = l.relu(l.convBn(y, p + "conv2", p + "bn2", width, width, 3, 1));
        y = l.convBn(y, p + "conv3", p + "bn3", width, out, 1, 1);
        Operand<TFloat32> shortcut = in == out ? x : l.convBn(x, p + "downsample.0", p + "downsample.1", in, out, 1, 1);
        return l.reluSum(y, shortcut);
    }
}
