package dev.tokenpose.train;

/**
 * The learning-rate schedule: linear warm-up over the first steps, then a cosine decay to
 * {@code floor} × base over the schedule's length, measured as a fraction of its training time, so
 * that a schedule fits a time budget whatever the machine's speed.
 *
 * @param base the peak learning rate
 * @param warmupSteps steps of linear warm-up from 0
 * @param floor the final rate as a fraction of {@code base}
 */
public record LearningRate(double base, long warmupSteps, double floor) {

    /** Checks the ranges. */
    public LearningRate {
        if (!(base > 0) || warmupSteps < 0 || !(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("need base > 0, warm-up >= 0 and floor in [0, 1]");
        }
    }

    /**
     * The rate of a step.
     *
     * @param step 0-based step
     * @param progress how much of the schedule is done, 0..1 (beyond 1 the rate stays at the floor)
     */
    public double at(long step, double progress) {
        double cosine =
                base * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * Math.max(0, Math.min(1, progress)))));
        return step < warmupSteps ? Math.min(cosine, base * (step + 1) / warmupSteps) : cosine;
    }
}
