package org.residuallab.train;

/**
 * Hears a training run's progress, e.g. to draw a progress bar. Called on the training thread;
 * keep it quick (throttle drawing yourself). Every method has an empty default.
 * <pre>trainer.listener(new TrainingListener() {
 *     public void onStep(StepEvent e) { if (e.done() % 100 == 0) System.out.println(e.done() + " " + e.loss()); }
 * });</pre>
 */
public interface TrainingListener {
    /** Before the first step. */
    default void onStart(String model, TrainConfig config, long totalSteps) {}

    /** After each optimizer step. */
    default void onStep(StepEvent event) {}

    /** After each evaluation on the full train (and test) sets. */
    default void onEvaluation(String model, Evaluation evaluation) {}

    /** After the run, whether it completed, was interrupted or diverged. */
    default void onEnd(TrainResult result) {}
}
