package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.data.SequenceTasks;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.Trainer;

/** Requests beyond the process's memory are refused before anything is allocated, with the estimate, the limit and what to change. */
class MemoryGuardTest {

    static Stream<Arguments> tooBigModels() {
        return Stream.of(
                Arguments.of("mlp width 1e8", (Supplier<Model>) () -> Models.mlp(2, 100_000_000, "relu", Init.he(), BlockKind.RESIDUAL).inputs(2).outputs(3).build(), "width (100000000)"),
                Arguments.of("mlp depth 1e6", (Supplier<Model>) () -> Models.mlp(1_000_000, 1024, "relu", Init.he(), BlockKind.PLAIN).inputs(2).outputs(3).build(), "depth (1000000)"),
                Arguments.of("resnet width 1e5", (Supplier<Model>) () -> Models.resnet(1).width(100_000).build(), "width (100000)"),
                Arguments.of("transformer dModel 1e5", (Supplier<Model>) () -> Models.transformer(2, 100_000, 4, 50, 16, TransformerBlock.Variant.PRE_LN), "dModel (100000)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooBigModels")
    void aModelBeyondTheLimitIsRefusedBeforeItIsAllocatedNamingTheArgument(String label, Supplier<Model> build, String argument) {
        long before = org.bytedeco.javacpp.Pointer.physicalBytes();
        MemoryLimitException e = assertThrows(MemoryLimitException.class, build::get);
        assertTrue(e.getMessage().contains("needs about"), e.getMessage());
        assertTrue(e.getMessage().contains("can allocate about"), e.getMessage());
        assertTrue(e.getMessage().contains(argument), e.getMessage());
        assertTrue(e.bytes() > e.available(), e.getMessage());
        assertTrue(org.bytedeco.javacpp.Pointer.physicalBytes() - before < MemoryGuard.SMALL, "memory grew while refusing");
    }

    @Test
    void aModelThatFitsIsBuiltAsBefore() {
        Model m = Models.mlp(3, 16, "relu", Init.he(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).build();
        assertEquals(16 * 2 + 16 + 3 * (16 * 16 + 16) + 16 * 3 + 3, paramCount(m));
    }

    @Test
    void aBatchTooLargeForTheLayersBuffersIsRefusedNamingTheBatch() {
        Model m = Models.mlp(1, 4096, "relu", Init.he(), BlockKind.PLAIN).inputs(2).outputs(3).seed(1).build();
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1_000_000, 2);
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> m.forward(x));
        assertTrue(e.getMessage().contains("a batch (1000000, 2)"), e.getMessage());
        assertTrue(e.getMessage().contains("smaller batch"), e.getMessage());
        assertEquals(3, m.forward(Nd4j.zeros(DataType.FLOAT, 4, 2)).size(1), "the model still works");
    }

    @Test
    void trainingWhoseBatchDoesNotFitIsRefusedBeforeTheFirstStep() {
        Model m = Models.mlp(1, 4096, "relu", Init.he(), BlockKind.PLAIN).inputs(2).outputs(3).seed(1).build();
        var data = org.residuallab.data.Dataset.classification("zeros", Nd4j.zeros(DataType.FLOAT, 1_000_000, 2), new int[1_000_000], 3, null);
        TrainConfig c = TrainConfig.builder().steps(1).batchSize(1_000_000).optimizer("adam").learningRate(0.01).build();
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> Trainer.of(c).fit(m, data));
        assertTrue(e.getMessage().contains("optimiser state"), e.getMessage());
        assertTrue(e.getMessage().contains("batch size (1000000 now)"), e.getMessage());
        assertEquals(0, m.steps());
    }

    @Test
    void aGeneratedDataSetBeyondOneJavaArrayIsRefusedNamingItsSize() {
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> SequenceTasks.copy(100_000_000, 1000, 1));
        assertTrue(e.getMessage().contains("n = 100000000"), e.getMessage());
    }

    @Test
    void nd4jsAllocationFailureIsTranslatedIntoTheSameRefusal() {
        RuntimeException nd4j = new RuntimeException("Allocation failed: [std::bad_alloc]");
        MemoryLimitException e = MemoryGuard.translate(nd4j, "model 'big'", "Make width smaller");
        assertNotNull(e);
        assertTrue(e.getMessage().startsWith("model 'big' could not be allocated: out of memory"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Make width smaller"), e.getMessage());
        assertNotNull(MemoryGuard.translate(new OutOfMemoryError("Cannot allocate new LongPointer(2): totalBytes = 256, physicalBytes = 1691M"), "x", "y"));
        assertNull(MemoryGuard.translate(new IllegalStateException("something else"), "x", "y"));
    }

    @Test
    void anEstimateCountsParametersGradientsOptimiserStateAndActivations() {
        Model m = Param.shapesOnly(() -> Models.mlp(2, 100, "relu", Init.he(), BlockKind.PLAIN).inputs(10).outputs(3).build());
        MemoryEstimate e = MemoryEstimate.training(m, new long[] {10}, 32, 2, false);
        double params = 4.0 * paramCount(m);
        assertEquals(params, e.parts().get("parameters"));
        assertEquals(params, e.parts().get("gradients"));
        assertEquals(2 * params, e.parts().get("optimiser state"));
        assertTrue(e.parts().get("activations at batch 32") >= 32 * 4.0 * (10 + 2 * 100 + 3), e.toString());
    }

    private static long paramCount(Model m) {
        return m.params().stream().mapToLong(p -> Shapes.size(p.shape())).sum();
    }

    @Test
    void bytesReadAsDecimalUnits() {
        assertEquals("512 B", MemoryGuard.bytes(512));
        assertEquals("1.2 GB", MemoryGuard.bytes(1.2e9));
        assertEquals("800 PB", MemoryGuard.bytes(8e17));
    }
}
