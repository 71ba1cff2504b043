package oneshot.train;

import ai.djl.training.tracker.Tracker;

import java.util.Locale;

/**
 * Adam's learning rate over a run: constant, or DJL's cosine decay from the base rate to 1 % of it over the run's
 * planned steps. The run sets the steps done before every step, because Adam's own update count restarts when a run
 * resumes in a new process while the schedule must go on where it stopped. On top of either shape the run may divide
 * the rate by {@link #DROP_FACTOR} each time the validation AUC stops improving ({@code --lr-drops}).
 */
public final class LearningRateSchedule implements Tracker {

    /** Where the cosine ends, as a fraction of the base rate (not zero: late steps still learn a little). */
    public static final float FINAL_FRACTION = 0.01f;

    /** What one drop on a validation plateau divides the rate by (the usual step of a step schedule). */
    public static final float DROP_FACTOR = 10f;

    /** The shapes by their command-line name. */
    public enum Shape {
        CONSTANT, COSINE;

        /** {@code constant} or {@code cosine}. */
        public static Shape parse(String name) {
            for (Shape s : values()) {
                if (s.label().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("Unknown learning-rate schedule '" + name + "' (constant, cosine)");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Tracker shape;
    private volatile int stepsDone;
    private volatile float dropFactor = 1f;

    /**
     * @param shape        constant or cosine
     * @param base         the rate at step 0
     * @param plannedSteps steps over which the cosine falls to {@link #FINAL_FRACTION} of the base (then it stays)
     */
    public LearningRateSchedule(Shape shape, float base, int plannedSteps) {
        if (!(base > 0) || plannedSteps < 1) {
            throw new IllegalArgumentException("Learning rate must be > 0 and planned steps >= 1, got " + base + ", "
                    + plannedSteps);
        }
        this.shape = shape == Shape.CONSTANT ? Tracker.fixed(base)
                : Tracker.cosine().setBaseValue(base).optFinalValue(base * FINAL_FRACTION)
                        .setMaxUpdates(plannedSteps).build();
    }

    /** The run's optimiser steps so far, set before each step (also after a resume). */
    public void atStep(int steps) {
        stepsDone = steps;
    }

    /** The drops on validation plateaus so far, set before each epoch (also after a resume). */
    public void afterDrops(int drops) {
        if (drops < 0) {
            throw new IllegalArgumentException("Drops must be >= 0, got " + drops);
        }
        dropFactor = (float) Math.pow(DROP_FACTOR, -drops);
    }

    /** The rate of the next step; Adam's per-parameter count is ignored on purpose (see the class comment). */
    @Override
    public float getNewValue(int numUpdate) {
        return shape.getNewValue(stepsDone) * dropFactor;
    }
}
