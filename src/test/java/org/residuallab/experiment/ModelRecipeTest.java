package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.data.Images;
import org.residuallab.data.SequenceTasks;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Param;
import org.residuallab.nn.PlainBlock;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Shortcut;
import org.residuallab.nn.TransformerBlock;
import org.residuallab.nn.TransformerBlock.Variant;

/** Recipes build plain and residual twins of each family, sized from the training data, and name what does not fit. */
class ModelRecipeTest {
    private static final Dataset SPIRALS = Datasets.spirals(10, 3, 0.1, 1), DIGITS = Images.digits(), REVERSE = SequenceTasks.reverse(20, 3, 1);

    @Test
    void anMlpRecipeBuildsExactlyWhatTheMlpPresetBuilds() {
        Model viaRecipe = ModelRecipe.mlp(Models.mlp(1, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL)).seed(4).build(3, BlockKind.PLAIN, SPIRALS);
        Model direct = Models.mlp(3, 8, "tanh", Init.lecun(), BlockKind.PLAIN).inputs(2).outputs(3).seed(4).build();
        assertEquals(direct.name(), viaRecipe.name());
        assertEquals(direct.summary().toString(), viaRecipe.summary().toString());
        for (int i = 0; i < direct.params().size(); i++) assertEquals(direct.params().get(i).value(), viaRecipe.params().get(i).value());
    }

    @Test
    void resnetTwinsTakeTheImagesChannelsAndClassesAndDifferOnlyByTheSkips() {
        List<Model> twins = ModelRecipe.resnet(4, Shortcut.ZERO_PAD).seed(2).twins(14, DIGITS);
        Model plain = twins.get(0), residual = twins.get(1);
        assertEquals(List.of("plain14", "resnet14"), List.of(plain.name(), residual.name()));
        assertArrayEquals(new long[] {1, 8, 8}, residual.inputShape());
        assertArrayEquals(new long[] {10}, residual.outputShape());
        assertEquals(count(plain), count(residual), "option A adds no parameter");
        assertEquals(6, residual.blocks().size());
        assertTrue(residual.blocks().stream().allMatch(b -> b instanceof ResidualBlock));
        assertTrue(plain.blocks().stream().allMatch(b -> b instanceof PlainBlock));
        for (int i = 0; i < plain.params().size(); i++) {
            assertEquals(plain.params().get(i).value(), residual.params().get(i).value(), "same seed, same weights: " + plain.params().get(i));
        }
        assertTrue(count(ModelRecipe.resnet(4, Shortcut.PROJECTION).build(14, BlockKind.RESIDUAL, DIGITS)) > count(residual), "option B projects");
    }

    @Test
    void transformerTwinsTakeTheSequencesLengthAndVocabularyAndThePlainOneHasNoSkips() {
        ModelRecipe r = ModelRecipe.transformer(16, 2, 0, Variant.POST_LN).seed(3);
        Model plain = r.build(2, BlockKind.PLAIN, REVERSE), residual = r.build(2, BlockKind.RESIDUAL, REVERSE);
        assertEquals("transformer-no-skip-d2", plain.name());
        assertEquals("transformer-post-ln-d2", residual.name());
        assertArrayEquals(new long[] {6}, residual.inputShape(), "the context is the task's length 2·3");
        assertArrayEquals(new long[] {6, 11}, residual.outputShape(), "digits and the separator");
        assertEquals("residual", residual.config().get("block"));
        assertEquals(2, residual.config().get("depth"));
        TransformerBlock b = (TransformerBlock) plain.net().children().get(2);
        assertEquals(Variant.NO_SKIP, b.variant());
        assertEquals("rezero", r.variant(Variant.REZERO).describe().get("variant"));
        Model longer = ModelRecipe.transformer(16, 2, 10, Variant.PRE_LN).build(1, BlockKind.RESIDUAL, REVERSE);
        assertArrayEquals(new long[] {10}, longer.inputShape());
        assertEquals(longer.evaluateLoss(REVERSE.features(), REVERSE.targets()), longer.evaluateLoss(REVERSE.features(), REVERSE.targets()));
    }

    @Test
    void eachBuildIsAFreshModelFromTheRecipesSeed() {
        ModelRecipe r = ModelRecipe.resnet(2, Shortcut.ZERO_PAD).seed(7);
        Model a = r.build(8, BlockKind.RESIDUAL, DIGITS), b = r.build(8, BlockKind.RESIDUAL, DIGITS);
        assertFalse(a == b);
        assertEquals(a.params().get(0).value(), b.params().get(0).value());
        assertFalse(a.params().get(0).value().equals(r.seed(8).build(8, BlockKind.RESIDUAL, DIGITS).params().get(0).value()));
    }

    static Stream<Arguments> misfits() {
        return Stream.of(
                Arguments.of((Supplier<Object>) () -> ModelRecipe.resnet(4, Shortcut.ZERO_PAD).build(21, BlockKind.RESIDUAL, DIGITS),
                        "depth must be 6n+2 (8, 14, 20, 32, 44, 56, 110, ...) but was 21"),
                Arguments.of((Supplier<Object>) () -> ModelRecipe.resnet(4, Shortcut.ZERO_PAD).build(8, BlockKind.RESIDUAL, SPIRALS),
                        "a ResNet takes images (N, C, H, W) with one class label each, but 'spirals-3' has examples of shape (2)"),
                Arguments.of((Supplier<Object>) () -> ModelRecipe.transformer(16, 2, 0, Variant.PRE_LN).build(1, BlockKind.RESIDUAL, DIGITS),
                        "a transformer takes token sequences (N, T) with a label at each position, but 'digits-images' has examples of shape (1, 8, 8)"),
                Arguments.of((Supplier<Object>) () -> ModelRecipe.mlp(Models.mlp()).build(2, BlockKind.RESIDUAL, REVERSE),
                        "an MLP takes flat features (N, d), but 'reverse-3' has examples of shape (6) with a label at each of 6 positions"),
                Arguments.of((Supplier<Object>) () -> ModelRecipe.transformer(16, 2, 4, Variant.PRE_LN).build(1, BlockKind.RESIDUAL, REVERSE),
                        "context 4 is shorter than the sequences of 'reverse-3' (T = 6)"),
                Arguments.of((Supplier<Object>) () -> ModelRecipe.transformer(128, 3, 0, Variant.PRE_LN), "heads must be a divisor of d_model 128"),
                Arguments.of((Supplier<Object>) () -> ModelRecipe.transformer(16, 2, 0, Variant.NO_SKIP), "no-skip is the plain twin"),
                Arguments.of((Supplier<Object>) () -> ModelRecipe.resnet(4, Shortcut.ZERO_PAD).build(8, BlockKind.RESIDUAL, 64, 10),
                        "a resnet recipe builds from the training data (its image shape): call build(depth, kind, train)"),
                Arguments.of((Supplier<Object>) () -> Compare.plainVsResidual(ModelRecipe.resnet(4, Shortcut.ZERO_PAD), 9), "but was 9"));
    }

    @ParameterizedTest
    @MethodSource("misfits")
    void whatDoesNotFitIsNamed(Supplier<Object> build, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aRecipeIsAModelFactory() {
        assertInstanceOf(ModelFactory.class, ModelRecipe.resnet(4, Shortcut.ZERO_PAD));
        ModelFactory lambda = (depth, kind, in, out) -> Models.mlp(depth, 4, "relu", Init.he(), kind).inputs(in).outputs(out).build();
        assertEquals(count(lambda.build(2, BlockKind.PLAIN, 2, 3)), count(lambda.build(2, BlockKind.PLAIN, SPIRALS)), "a lambda builds from width and outputs");
    }

    private static long count(Model m) {
        return m.params().stream().filter(Param::trainable).mapToLong(Param::size).sum();
    }
}
