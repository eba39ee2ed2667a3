package dev.tokenpose.model;

import java.util.Arrays;

/**
 * One HRNet stage of {@code MODEL.EXTRA} ({@code STAGE2}, {@code STAGE3}): modules, branches, and
 * BasicBlocks and channels per branch.
 *
 * @param modules number of HRNet modules in the stage
 * @param blocks BasicBlocks per branch
 * @param channels width per branch (branch 0 first, highest resolution)
 */
public record HrnetStage(int modules, int[] blocks, int[] channels) {

    public HrnetStage {
        if (modules < 1 || blocks.length != channels.length || blocks.length < 1) {
            throw new ModelConfigException("bad HRNet stage: modules=" + modules + " blocks=" + Arrays.toString(blocks)
                    + " channels=" + Arrays.toString(channels));
        }
        blocks = blocks.clone();
        channels = channels.clone();
    }

    public int branches() {
        return channels.length;
    }

    @Override
    public int[] blocks() {
        return blocks.clone();
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HrnetStage s
                && s.modules == modules
                && Arrays.equals(s.blocks, blocks)
                && Arrays.equals(s.channels, channels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * modules + Arrays.hashCode(blocks)) + Arrays.hashCode(channels);
    }

    @Override
    public String toString() {
        return "HrnetStage[modules=" + modules + ", blocks=" + Arrays.toString(blocks) + ", channels="
                + Arrays.toString(channels) + "]";
    }
}
