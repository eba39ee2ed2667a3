package dev.tokenpose.train;

/**
 * The learning-rate schedule: linear warm-up, then a cosine decay to {@code floor} × base at the
 * last step.
 *
 * @param base the peak learning rate
 * @param warmupSteps steps of linear warm-up from 0
 * @param totalSteps the schedule's length
 * @param floor the final rate as a fraction of {@code base}
 */
public record LearningRate(double base, long warmupSteps, long totalSteps, double floor) {

    /** Checks the ranges. */
    public LearningRate {
        if (!(base > 0) || warmupSteps < 0 || totalSteps <= warmupSteps || !(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("need base > 0, 0 <= warm-up < total steps and floor in [0, 1]");
        }
    }

    /** The rate at a step (0-based); past the end it stays at the floor. */
    public double at(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        double t = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return base * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * t)));
    }
}
