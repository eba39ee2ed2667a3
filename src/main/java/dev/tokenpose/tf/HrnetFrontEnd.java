package dev.tokenpose.tf;

import dev.tokenpose.model.HrnetStage;
import dev.tokenpose.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;

/**
 * HRNet stages 1–3 ({@code HRNET_base}) of TokenPose-B and -L: stem + layer1, transition 1,
 * stage 2, transition 2, stage 3 whose last module fuses to branch 0 only. Returns branch 0
 * (C channels at 1/4 resolution).
 */
final class HrnetFrontEnd {

    private static final String PREFIX = "pre_feature.";

    private HrnetFrontEnd() {}

    static Operand<TFloat32> build(Layers l, Operand<TFloat32> image, ModelConfig c) {
        Operand<TFloat32> x = ResNetStem.build(l, image, PREFIX);
        int[] layer1 = {ResNetStem.STEM_WIDTH * ResNetStem.EXPANSION};
        HrnetStage s2 = c.stage2();
        HrnetStage s3 = c.stage3();
        List<Operand<TFloat32>> xs = transition(l, List.of(x), layer1, s2.channels(), PREFIX + "transition1.");
        List<Operand<TFloat32>> ys = stage(l, xs, s2, PREFIX + "stage2.", true);
        xs = transition(l, ys, s2.channels(), s3.channels(), PREFIX + "transition2.");
        ys = stage(l, xs, s3, PREFIX + "stage3.", false);
        return ys.get(0);
    }

    /**
     * HRNet's transition layer: existing branches get a 3×3 conv only when their width changes;
     * each new branch is a chain of 3×3 stride-2 convs from the previous stage's last output.
     */
    private static List<Operand<TFloat32>> transition(
            Layers l, List<Operand<TFloat32>> in, int[] pre, int[] cur, String p) {
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int i = 0; i < cur.length; i++) {
            if (i < pre.length) {
                out.add(
                        pre[i] == cur[i]
                                ? in.get(i)
                                : l.relu(l.convBn(in.get(i), p + i + ".0", p + i + ".1", pre[i], cur[i], 3, 1)));
            } else {
                Operand<TFloat32> y = in.get(in.size() - 1);
                int steps = i + 1 - pre.length;
                int ch = pre[pre.length - 1];
                for (int j = 0; j < steps; j++) {
                    int outCh = j == steps - 1 ? cur[i] : ch;
                    String q = p + i + "." + j + ".";
                    y = l.relu(l.convBn(y, q + "0", q + "1", ch, outCh, 3, 2));
                    ch = outCh;
                }
                out.add(y);
            }
        }
        return out;
    }

    private static List<Operand<TFloat32>> stage(
            Layers l, List<Operand<TFloat32>> xs, HrnetStage s, String p, boolean multiScale) {
        for (int m = 0; m < s.modules(); m++) {
            boolean allOutputs = multiScale || m < s.modules() - 1;
            xs = module(l, xs, s, p + m + ".", allOutputs);
        }
        return xs;
    }

    private static List<Operand<TFloat32>> module(
            Layers l, List<Operand<TFloat32>> xs, HrnetStage s, String p, boolean allOutputs) {
        int[] ch = s.channels();
        int[] blocks = s.blocks();
        List<Operand<TFloat32>> b = new ArrayList<>();
        for (int i = 0; i < ch.length; i++) {
            Operand<TFloat32> y = xs.get(i);
            for (int k = 0; k < blocks[i]; k++) {
                y = basicBlock(l, y, p + "branches." + i + "." + k + ".", ch[i]);
            }
            b.add(y);
        }
        List<Operand<TFloat32>> out = new ArrayList<>();
        int outputs = allOutputs ? ch.length : 1;
        for (int i = 0; i < outputs; i++) {
            List<Operand<TFloat32>> terms = new ArrayList<>();
            for (int j = 0; j < ch.length; j++) {
                terms.add(j == i ? b.get(j) : fuse(l, b.get(j), ch, i, j, p + "fuse_layers." + i + "." + j + "."));
            }
            out.add(l.relu(l.sum(terms)));
        }
        return out;
    }

    /** One fuse path from branch j to branch i: 1×1 conv + nearest upsampling, or a stride-2 conv chain. */
    private static Operand<TFloat32> fuse(Layers l, Operand<TFloat32> x, int[] ch, int i, int j, String p) {
        if (j > i) {
            Operand<TFloat32> y = l.convBn(x, p + "0", p + "1", ch[j], ch[i], 1, 1);
            long f = 1L << (j - i);
            long h = y.shape().get(1) * f;
            long w = y.shape().get(2) * f;
            return l.tf.image.resizeNearestNeighbor(
                    y,
                    l.ints((int) h, (int) w),
                    ResizeNearestNeighbor.alignCorners(false),
                    ResizeNearestNeighbor.halfPixelCenters(false));
        }
        Operand<TFloat32> y = x;
        for (int k = 0; k < i - j; k++) {
            boolean last = k == i - j - 1;
            y = l.convBn(y, p + k + ".0", p + k + ".1", ch[j], last ? ch[i] : ch[j], 3, 2);
            if (!last) {
                y = l.relu(y);
            }
        }
        return y;
    }

    private static Operand<TFloat32> basicBlock(Layers l, Operand<TFloat32> x, String p, int ch) {
        Operand<TFloat32> y = l.relu(l.convBn(x, p + "conv1", p + "bn1", ch, ch, 3, 1));
        y = l.convBn(y, p + "conv2", p + "bn2", ch, ch, 3, 1);
        return l.reluSum(y, x);
    }
}
