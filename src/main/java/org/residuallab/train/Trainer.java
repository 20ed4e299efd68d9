package org.residuallab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.data.Batches;
import org.residuallab.data.Dataset;
import org.residuallab.data.Split;
import org.residuallab.nn.Model;
import org.residuallab.nn.NonFiniteException;
import org.residuallab.nn.Optimizer;
import org.residuallab.nn.Shapes;

/**
 * Trains a model with mini-batches for a budget of steps or epochs, evaluating on the full train and
 * test sets as it goes. Stops cooperatively when the thread is interrupted (a notebook's stop button)
 * and returns the partial result; a run whose loss turns NaN/Inf stops as DIVERGED instead of throwing.
 * <pre>TrainResult r = Trainer.of(TrainConfig.builder().steps(500).optimizer("adam").learningRate(0.01).build())
 *         .listener(e -> System.out.println(e.loss()))
 *         .fit(model, split);</pre>
 */
public final class Trainer {
    private final TrainConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private org.residuallab.data.Augmentation augmentation; // applied to each training batch, or null

    private Trainer(TrainConfig config) {
        if (config == null) throw new IllegalArgumentException("train config must not be null");
        this.config = config;
    }

    public static Trainer of(TrainConfig config) {
        return new Trainer(config);
    }

    public TrainConfig config() {
        return config;
    }

    /** Adds a listener; returns this trainer. */
    public Trainer listener(TrainingListener listener) {
        if (listener == null) throw new IllegalArgumentException("listener must not be null");
        listeners.add(listener);
        return this;
    }

    /** Adds a step-only listener, e.g. {@code e -> bar.stepTo(e.done())}. */
    public Trainer listener(java.util.function.Consumer<StepEvent> onStep) {
        return listener(new TrainingListener() {
            @Override public void onStep(StepEvent e) { onStep.accept(e); }
        });
    }

    /** Changes every training batch with {@code a} (seeded by the config's seed), e.g. Augmentation.padCropFlip(4). */
    public Trainer augment(org.residuallab.data.Augmentation a) {
        augmentation = a;
        return this;
    }

    public TrainResult fit(Model model, Split split) {
        return fit(model, split.train(), split.test());
    }

    public TrainResult fit(Model model, Dataset train) {
        return fit(model, train, null);
    }

    /** Trains {@code model} on {@code train}; {@code test} (may be null) is only evaluated. */
    public TrainResult fit(Model model, Dataset train, Dataset test) {
        check(model, train, "training");
        if (test != null) check(model, test, "test");
        int slots = config.optimizer().equals("adam") ? 2 : config.optimizer().equals("momentum") ? 1 : 0;
        int batch = Math.min(config.batchSize(), train.size());
        org.residuallab.nn.MemoryGuard.require(org.residuallab.nn.MemoryEstimate.training(model,
                org.residuallab.nn.Shapes.example(train.features().shape()), batch, slots, true),
                "Use a smaller batch size (" + batch + " now) or a smaller model");
        long total = config.totalSteps(train.size()), evalEvery = config.evaluationInterval(total);
        Batches batches = train.batches(config.batchSize(), config.seed());
        java.util.Random augmentRng = new java.util.Random(config.seed() + 7);
        Optimizer optimizer = config.newOptimizer(total);
        History history = new History();
        for (TrainingListener l : listeners) l.onStart(model.name(), config, total);
        long start = System.nanoTime(), trainNanos = 0, examples = 0, done = 0;
        TrainResult.Status status = TrainResult.Status.COMPLETED;
        String message = "";
        model.train();
        try {
            while (done < total) {
                if (Thread.currentThread().isInterrupted()) {
                    status = TrainResult.Status.INTERRUPTED;
                    message = "interrupted after " + done + " of " + total + " steps";
                    break;
                }
                long t0 = System.nanoTime();
                Batches.Batch b = batches.next();
                double loss = model.lossAndBackward(augmentation == null ? b.x() : augmentation.apply(b.x(), augmentRng), b.y());
                optimizer.step(model.params());
                trainNanos += System.nanoTime() - t0;
                examples += b.size();
                long step = model.steps() - 1;
                done++;
                if (done % config.logEvery() == 0 || done == total) history.addLoss(step, loss);
                StepEvent e = new StepEvent(model.name(), step, done, total, b.epoch(), loss,
                        examples / Math.max(1e-9, trainNanos / 1e9), (System.nanoTime() - start) / 1e9);
                for (TrainingListener l : listeners) l.onStep(e);
                if (done % evalEvery == 0 && done < total) evaluate(model, train, test, step, history);
            }
        } catch (NonFiniteException e) {
            status = TrainResult.Status.DIVERGED;
            message = e.getMessage();
        } catch (RuntimeException | OutOfMemoryError e) {   // the optimiser's state, say, that ND4J could not allocate after all
            org.residuallab.nn.MemoryLimitException m = org.residuallab.nn.MemoryGuard.translate(e, "training model '" + model.name() + "'",
                    "Use a smaller batch size or a smaller model");
            if (m != null) throw m;
            throw e;
        }
        Evaluation last = null;
        if (status != TrainResult.Status.DIVERGED) {
            List<Evaluation> evals = history.evaluations();
            long step = model.steps() - 1;
            last = !evals.isEmpty() && evals.get(evals.size() - 1).step() == step ? evals.get(evals.size() - 1)
                    : evaluate(model, train, test, step, history);
        }
        TrainResult r = new TrainResult(model.name(), configOf(model, train, test), config, history, status, message,
                done, (System.nanoTime() - start) / 1e9, last);
        for (TrainingListener l : listeners) l.onEnd(r);
        return r;
    }

    private Evaluation evaluate(Model model, Dataset train, Dataset test, long step, History history) {
        double[] tr = evaluate(model, train), te = test == null ? new double[] {Double.NaN, Double.NaN} : evaluate(model, test);
        Evaluation e = new Evaluation(step, tr[0], tr[1], te[0], te[1]);
        history.addEvaluation(e);
        for (TrainingListener l : listeners) l.onEvaluation(model.name(), e);
        return e;
    }

    // images in chunks of the batch size: the layers' training buffers fit them, nothing is allocated
    private double[] evaluate(Model model, Dataset data) {
        return data.exampleShape().length >= 3 ? Evaluator.evaluate(model, data, config.batchSize()) : Evaluator.evaluate(model, data);
    }

    private Map<String, Object> configOf(Model model, Dataset train, Dataset test) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.name());
        m.putAll(model.config());
        m.put("train_data", train.name());
        m.put("train_size", train.size());
        if (test != null) {
            m.put("test_data", test.name());
            m.put("test_size", test.size());
        }
        m.putAll(config.toMap());
        return m;
    }

    /** Checks that {@code model} takes {@code data}'s examples and outputs what its targets need; role "training", "test" or null. */
    static void check(Model model, Dataset data, String role) {
        if (model == null) throw new IllegalArgumentException("model must not be null");
        if (data == null) throw new IllegalArgumentException((role == null ? "" : role + " ") + "data must not be null");
        String what = role == null ? "dataset '" + data.name() + "'" : "the " + role + " data '" + data.name() + "'";
        long[] example = data.exampleShape(), out;
        try {
            out = model.net().outputShape(example);
        } catch (IllegalArgumentException e) {
            if (example.length == 1 && model.net().inputShape() != null && model.inputWidth() >= 0) { // an MLP: (N, d) features
                throw new IllegalArgumentException("model '" + model.name() + "' takes " + model.inputWidth() + " features but "
                        + what + " has " + data.width());
            }
            throw new IllegalArgumentException("model '" + model.name() + "' cannot take " + what + ", whose examples have shape "
                    + Shapes.str(example) + ": " + e.getMessage());
        }
        int outputs = Math.toIntExact(out[out.length - 1]);
        if (data.outputs() != outputs) {
            throw new IllegalArgumentException("model '" + model.name() + "' outputs " + outputs + " values but "
                    + what + " needs " + data.outputs()
                    + (data.isClassification() ? " (one per class)" : " (one per target)"));
        }
        if (data.positions() > 1 && (out.length != 2 || out[0] != data.positions())) {
            throw new IllegalArgumentException("model '" + model.name() + "' outputs examples of shape " + Shapes.str(out) + " but "
                    + what + " has a label for each of " + data.positions() + " positions: expected (" + data.positions() + ", " + outputs + ")");
        }
    }
}
