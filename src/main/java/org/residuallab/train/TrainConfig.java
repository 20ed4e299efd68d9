package org.residuallab.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.residuallab.nn.Adam;
import org.residuallab.nn.Optimizer;
import org.residuallab.nn.Schedule;
import org.residuallab.nn.Sgd;

/**
 * Everything that decides a training run besides the model and the data: budget (steps or epochs),
 * batch size, optimizer, learning rate and schedule, the seed of the batch order, and how often to
 * log the loss and evaluate. Immutable; build it with {@link #builder()}.
 * <pre>TrainConfig c = TrainConfig.builder().steps(500).batchSize(64).optimizer("adam").learningRate(0.01).seed(1).build();</pre>
 *
 * @param steps        optimizer steps (0 when {@code epochs} sets the budget)
 * @param epochs       passes over the training set (0 when {@code steps} sets the budget)
 * @param batchSize    examples per step (capped at the training set's size: full batch)
 * @param optimizer    sgd, momentum (SGD with μ = 0.9) or adam
 * @param learningRate the initial learning rate
 * @param schedule     constant, cosine (to 0 over the run) or step (×0.1 after each third of the run), after the warm-up if any
 * @param seed         seeds the batch order: the same seed gives every model the same batches
 * @param logEvery     record the batch loss every this many steps
 * @param evalEvery    evaluate loss and accuracy on the full train/test sets every this many steps (0: about 20 times per run); always at the end
 * @param warmup       linear learning-rate warm-up over the first this many steps, then the schedule (0: none; see {@link Schedule#withWarmup})
 */
public record TrainConfig(long steps, int epochs, int batchSize, String optimizer, double learningRate,
                          String schedule, long seed, int logEvery, int evalEvery, long warmup) {

    public TrainConfig {
        if ((steps > 0) == (epochs > 0) || steps < 0 || epochs < 0) {
            throw new IllegalArgumentException("set exactly one training budget: steps (" + steps + ") or epochs (" + epochs + "), and it must be >= 1");
        }
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1 but was " + batchSize);
        if (!(learningRate >= 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learning rate must be >= 0 and finite but was " + learningRate);
        optimizer = optimizer.trim().toLowerCase(Locale.ROOT);
        schedule = schedule.trim().toLowerCase(Locale.ROOT);
        Optimizer.parse(optimizer, 0.1); // validates the name
        if (!schedule.equals("constant") && !schedule.equals("cosine") && !schedule.equals("step")) {
            throw new IllegalArgumentException("unknown schedule '" + schedule + "': expected constant, cosine or step");
        }
        if (logEvery < 1) throw new IllegalArgumentException("logEvery must be >= 1 but was " + logEvery);
        if (evalEvery < 0) throw new IllegalArgumentException("evalEvery must be >= 0 (0: automatic) but was " + evalEvery);
        if (warmup < 0) throw new IllegalArgumentException("warm-up steps must be >= 0 (0: none) but was " + warmup);
    }

    /** A configuration without warm-up. */
    public TrainConfig(long steps, int epochs, int batchSize, String optimizer, double learningRate,
                       String schedule, long seed, int logEvery, int evalEvery) {
        this(steps, epochs, batchSize, optimizer, learningRate, schedule, seed, logEvery, evalEvery, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.steps = steps; b.epochs = epochs; b.batchSize = batchSize; b.optimizer = optimizer; b.learningRate = learningRate;
        b.schedule = schedule; b.seed = seed; b.logEvery = logEvery; b.evalEvery = evalEvery; b.warmup = warmup;
        return b;
    }

    /** Optimizer steps this run takes on a training set of {@code examples} rows. */
    public long totalSteps(int examples) {
        if (steps > 0) return steps;
        int b = Math.min(batchSize, examples);
        return (long) epochs * ((examples + b - 1) / b);
    }

    /** How often the trainer evaluates on a run of {@code totalSteps}. */
    public long evaluationInterval(long totalSteps) {
        return evalEvery > 0 ? evalEvery : Math.max(1, (totalSteps + 19) / 20);
    }

    /** A fresh optimizer (with its schedule over {@code totalSteps}) for one model. */
    public Optimizer newOptimizer(long totalSteps) {
        Schedule s;
        switch (schedule) {
            case "cosine": s = Schedule.cosine(learningRate, Math.max(1, totalSteps), 0); break;
            case "step": s = Schedule.step(learningRate, Math.max(1, (totalSteps + 2) / 3), 0.1); break;
            default: s = Schedule.constant(learningRate);
        }
        s = s.withWarmup(warmup);
        switch (optimizer) {
            case "sgd": return new Sgd(s, 0, 0);
            case "momentum": return new Sgd(s, 0.9, 0);
            default: return new Adam(s, 0.9, 0.999, 1e-8, 0);
        }
    }

    /** This configuration as an ordered map (for results and summary.json); the batch-order seed is {@code train_seed}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (steps > 0) m.put("steps", steps); else m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", optimizer);
        m.put("learning_rate", learningRate);
        m.put("schedule", schedule);
        if (warmup > 0) m.put("warmup_steps", warmup);
        m.put("train_seed", seed);
        m.put("log_every", logEvery);
        m.put("eval_every", evalEvery);
        return m;
    }

    /** Fluent builder; defaults: 1000 steps, batch 64, adam, lr 0.001, constant, seed 0, log every step, automatic evaluation, no warm-up. */
    public static final class Builder {
        private long steps = 1000;
        private int epochs;
        private int batchSize = 64;
        private String optimizer = "adam";
        private double learningRate = 1e-3;
        private String schedule = "constant";
        private long seed;
        private int logEvery = 1, evalEvery;
        private long warmup;

        public Builder steps(long n) { steps = n; epochs = 0; return this; }
        public Builder epochs(int n) { epochs = n; steps = 0; return this; }
        public Builder batchSize(int n) { batchSize = n; return this; }
        public Builder optimizer(String name) { optimizer = name; return this; }
        public Builder learningRate(double lr) { learningRate = lr; return this; }
        public Builder schedule(String name) { schedule = name; return this; }
        public Builder seed(long s) { seed = s; return this; }
        public Builder logEvery(int k) { logEvery = k; return this; }
        public Builder evalEvery(int k) { evalEvery = k; return this; }
        /** Linear learning-rate warm-up over the first {@code steps} steps (0: none). */
        public Builder warmup(long steps) { warmup = steps; return this; }

        public TrainConfig build() {
            if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
            if (schedule == null) throw new IllegalArgumentException("schedule must not be null");
            return new TrainConfig(steps, epochs, batchSize, optimizer, learningRate, schedule, seed, logEvery, evalEvery, warmup);
        }
    }
}
