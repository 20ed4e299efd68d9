package org.residuallab.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-feature standardisation z = (x − mean) / std, fitted on one dataset (the training split) and
 * applied to others, so no test statistics leak into training. Constant features (std 0, such as
 * the digits' always-blank corner pixels) are only centred.
 * <pre>Standardizer s = Standardizer.fit(split.train());
 * Dataset train = s.apply(split.train()), test = s.apply(split.test());</pre>
 */
public final class Standardizer {
    private final INDArray mean, std; // (1, d) each

    private Standardizer(INDArray mean, INDArray std) {
        this.mean = mean;
        this.std = std;
    }

    /** Fits mean and (population) std per feature column of {@code data}. */
    public static Standardizer fit(Dataset data) {
        if (data.size() == 0) throw new IllegalArgumentException("cannot fit a standardizer on the empty dataset '" + data.name() + "'");
        if (data.features().rank() != 2) {
            throw new IllegalArgumentException("a standardizer scales the columns of (N, d) features, but dataset '" + data.name()
                    + "' has examples of shape " + org.residuallab.nn.Shapes.str(data.exampleShape()));
        }
        INDArray x = data.features();
        INDArray mean = x.mean(true, 0);
        INDArray centred = x.subRowVector(mean);
        INDArray std = Transforms.sqrt(centred.muli(centred).mean(true, 0), false);
        for (int j = 0; j < std.columns(); j++) if (std.getDouble(0, j) < 1e-12) std.putScalar(0, j, 1.0);
        return new Standardizer(mean, std);
    }

    /** (x − mean) / std for every row of {@code data}; labels or targets are kept. */
    public Dataset apply(Dataset data) {
        if (data.width() != mean.columns()) {
            throw new IllegalArgumentException("standardizer was fitted on " + mean.columns() + " features but dataset '"
                    + data.name() + "' has " + data.width());
        }
        INDArray x = data.features();
        return data.withFeatures(x.subRowVector(mean.castTo(x.dataType())).diviRowVector(std.castTo(x.dataType())));
    }

    /** Fits on the split's train part and applies to both parts. */
    public static Split apply(Split split) {
        Standardizer s = fit(split.train());
        return new Split(s.apply(split.train()), s.apply(split.test()));
    }

    /** Per-feature means (1, d), a copy. */
    public INDArray mean() { return mean.dup(); }

    /** Per-feature divisors (1, d), a copy (1 where a feature was constant). */
    public INDArray std() { return std.dup(); }
}
