package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.residuallab.data.Dataset;
import org.residuallab.data.Split;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Mlp;
import org.residuallab.nn.Model;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;
import org.residuallab.train.TrainingListener;

/**
 * Trains several models under identical conditions (same data, same batch order, same trainer
 * configuration) with probes attached, typically a plain net and its residual twin.
 * <pre>CompareResult r = Compare.plainVsResidual(Models.mlp(20, 32, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).seed(1))
 *         .data(Datasets.spirals(100, 3, 0.1, 1))
 *         .config(TrainConfig.builder().steps(300).optimizer("momentum").learningRate(0.1).build())
 *         .run();
 * r.curves();  r.probes();  r.gradientSummary("plain-sigmoid-d20").gradRatioFirstToLast();</pre>
 */
public final class Compare {
    private final List<Model> models = new ArrayList<>();
    private final Mlp twin;     // plainVsResidual: built once the data's width is known
    private ModelRecipe recipe; // plainVsResidual(recipe, depth): the twins are built when the data is given
    private int recipeDepth;
    private Dataset train, test;
    private TrainConfig config = TrainConfig.builder().build();
    private Probes probes = Probes.all();
    private String name = "compare";
    private int threads = 1;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Compare(List<Model> models, Mlp twin) {
        this.models.addAll(models);
        this.twin = twin;
    }

    /** Compares these models (names must differ); they must all take the data's width. */
    public static Compare of(Model... models) {
        return of(List.of(models));
    }

    public static Compare of(List<Model> models) {
        if (models.isEmpty()) throw new IllegalArgumentException("Compare needs at least one model");
        Set<String> names = new HashSet<>();
        for (Model m : models) {
            if (!names.add(m.name())) throw new IllegalArgumentException("two models are named '" + m.name() + "': give each a distinct name");
        }
        return new Compare(models, null);
    }

    /**
     * A plain net and its residual twin from one MLP recipe (same depth, width, activation, init, seed),
     * named by kind (e.g. plain-sigmoid-d20, residual-sigmoid-d20); inputs and outputs follow the data.
     */
    public static Compare plainVsResidual(Mlp recipe) {
        if (recipe == null) throw new IllegalArgumentException("recipe must not be null");
        return new Compare(List.of(), recipe);
    }

    /**
     * A plain net and its residual twin of {@code depth} from a recipe of any family (MLP, ResNet, transformer),
     * sized for the data: e.g. {@code Compare.plainVsResidual(ModelRecipe.resnet(16, Shortcut.ZERO_PAD).seed(1), 20)}
     * trains plain20 against resnet20; a transformer's plain twin is its no-skip variant.
     */
    public static Compare plainVsResidual(ModelRecipe recipe, int depth) {
        if (recipe == null) throw new IllegalArgumentException("recipe must not be null");
        recipe.checkDepth(depth);
        Compare c = new Compare(List.of(), null);
        c.recipe = recipe;
        c.recipeDepth = depth;
        return c;
    }

    public Compare data(Split split) { return data(split.train(), split.test()); }

    public Compare data(Dataset train) { return data(train, null); }

    /** Training data and an optional test set (null: none). */
    public Compare data(Dataset train, Dataset test) {
        if (train == null) throw new IllegalArgumentException("training data must not be null");
        this.train = train;
        this.test = test;
        if (recipe != null) {
            models.clear();
            models.addAll(recipe.twins(recipeDepth, train));
        }
        return this;
    }

    public Compare config(TrainConfig config) {
        if (config == null) throw new IllegalArgumentException("train config must not be null");
        this.config = config;
        return this;
    }

    /** The probes attached to every model (default {@link Probes#all()}); their run name becomes this comparison's name. */
    public Compare probes(Probes probes) {
        if (probes == null) throw new IllegalArgumentException("probes must not be null (use Probes.gradients() for the cheapest set)");
        this.probes = probes;
        return this;
    }

    /** The {@code run} column's value in the tables (default "compare"). */
    public Compare name(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must not be blank");
        this.name = name;
        return this;
    }

    public Compare listener(TrainingListener listener) {
        if (listener == null) throw new IllegalArgumentException("listener must not be null");
        listeners.add(listener);
        return this;
    }

    /**
     * Trains up to {@code n} models at once, each on a thread of its own (default 1: one after the other), e.g.
     * 2 to train a plain net and its residual twin side by side on two cores. Every number is the same as in a
     * run on one thread; listeners are still called on the thread that calls {@link #run()}.
     */
    public Compare threads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1 but was " + n);
        threads = n;
        return this;
    }

    /**
     * Trains each model in turn, or {@link #threads} of them at once; if the thread is interrupted, returns what
     * was done so far.
     */
    public CompareResult run() {
        if (train == null) throw new IllegalStateException("no data: call data(train, test) before run()");
        List<Model> toTrain = twin != null ? twins(twin, train) : models;
        Trainer trainer = Trainer.of(config);
        listeners.forEach(trainer::listener);
        probes.run(name);
        if (threads > 1 && toTrain.size() > 1) {
            ParallelTraining.Outcome o = ParallelTraining.run(toTrain, threads, config, probes, train, test, listeners);
            return new CompareResult(o.models(), o.results(), o.sessions(), toTrain.size(), describe(toTrain));
        }
        List<TrainResult> results = new ArrayList<>();
        List<ProbeSession> sessions = new ArrayList<>();
        for (Model m : toTrain) {
            if (Thread.currentThread().isInterrupted()) break;
            try (ProbeSession s = probes.attach(m)) {
                sessions.add(s);
                results.add(trainer.fit(m, train, test));
            }
        }
        return new CompareResult(toTrain.subList(0, results.size()), results, sessions, toTrain.size(), describe(toTrain));
    }

    static List<Model> twins(Mlp recipe, Dataset train) {
        List<Model> out = new ArrayList<>();
        for (BlockKind k : List.of(BlockKind.PLAIN, BlockKind.RESIDUAL)) {
            out.add(lossFor(recipe.block(k).name(null).inputs(train.width()).outputs(train.outputs()).build(), train));
        }
        return out;
    }

    /** The preset's cross-entropy for classification, mean squared error for regression data. */
    static Model lossFor(Model m, Dataset train) {
        return train.isClassification() ? m : m.loss(Loss.mse());
    }

    private Map<String, Object> describe(List<Model> ms) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("experiment", "compare");
        c.put("name", name);
        List<String> names = new ArrayList<>();
        for (Model m : ms) names.add(m.name());
        c.put("models", names);
        c.put("train_data", train.name());
        if (test != null) c.put("test_data", test.name());
        c.putAll(config.toMap());
        if (threads > 1) c.put("threads", threads); // how it ran, not what it computed: the numbers are the same
        return c;
    }
}
