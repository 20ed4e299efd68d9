package org.residuallab.train;

/**
 * What a {@link TrainingListener} hears after each optimizer step: enough for a progress bar.
 *
 * @param model             the model's name
 * @param step              the model's step counter for this step ({@code Model.steps() - 1}; 0 for a fresh model's first step)
 * @param done              steps finished in this run (1..total)
 * @param total             steps this run will take
 * @param epoch             the epoch this step's batch came from (0-based)
 * @param loss              this step's batch loss
 * @param examplesPerSecond training throughput so far (evaluation time excluded)
 * @param elapsedSeconds    wall time since the run started
 */
public record StepEvent(String model, long step, long done, long total, int epoch, double loss,
                        double examplesPerSecond, double elapsedSeconds) {

    /** Fraction of the run done, in [0, 1]. */
    public double fraction() {
        return total == 0 ? 1 : (double) done / total;
    }
}
