package org.residuallab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.data.Dataset;
import org.residuallab.data.SequenceTasks;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Param;
import org.residuallab.nn.TransformerBlock.Variant;

/** .npy export of transformers: every parameter once (the tied table too), its gradient, the batch. */
class TransformerExportTest {
    @TempDir
    Path dir;

    @Test
    void transformerExportsEveryParameterOnceWithItsGradient() throws Exception {
        Model m = Models.transformer(2, 16, 4, 11, 6, Variant.PRE_LN);
        Dataset d = SequenceTasks.sort(3, 3, 1);
        double loss = ModelIO.exportNpy(m, d.features(), d.targets(), dir);
        assertEquals(m.evaluateLoss(d.features(), d.targets()), loss, 1e-6);
        for (Param p : m.params()) {
            INDArray w = Npy.read(dir.resolve(ModelIO.fileName(p) + ".npy"));
            assertArrayEquals(p.shape(), w.shape(), p.path());
            assertEquals(p.value(), w, p.path());
            assertArrayEquals(p.shape(), Npy.read(dir.resolve("grad." + ModelIO.fileName(p) + ".npy")).shape());
        }
        assertTrue(Files.exists(dir.resolve("embedding.W.npy")));
        assertArrayEquals(new long[] {3, 6, 11}, Npy.read(dir.resolve("output.npy")).shape());
        assertArrayEquals(new long[] {3, 6}, Npy.read(dir.resolve("target.npy")).shape());
        try (var files = Files.list(dir)) {
            assertEquals(2 * m.params().size() + 5, files.count(), "params, grads, input, target, output, loss, manifest");
        }
        Model copy = Models.transformer(2, 16, 4, 11, 6, Variant.PRE_LN).seed(9);
        ModelIO.loadParams(copy, dir);
        assertEquals(m.forward(d.features()), copy.forward(d.features()));
    }
}
