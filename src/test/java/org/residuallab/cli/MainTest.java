package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.residuallab.check.GradCheck;
import org.residuallab.check.GradCheckSuite;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Sigmoid;
import picocli.CommandLine;

/** The command line, run in-process: exit codes and what it prints. */
class MainTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void summaryOfTheSeedModelPrintsKerasCounts() {
        Run r = run("summary", "--model", "seed");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: 35,338"), r.out());
        assertTrue(r.out().contains("Trainable params: 34,826"), r.out());
        assertTrue(r.out().contains("Non-trainable params: 512"), r.out());
    }

    @Test
    void summaryOfAPlainMlpPrintsItsCounts() {
        Run r = run("summary", "--model", "mlp", "--depth", "3", "--width", "8", "--block", "plain", "--activation", "tanh",
                "--init", "xavier", "--inputs", "4", "--outputs", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Model: \"plain-tanh-d3\""), r.out());
        assertTrue(r.out().contains("Total params: " + (4 * 8 + 8 + 3 * (8 * 8 + 8) + 8 * 3 + 3)), r.out());
        assertTrue(!r.out().contains("(Add)"), "a plain net has no skip:\n" + r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "summary --model mlp --depth 0|depth must be >= 1",
            "summary --model mlp --width -4|width must be >= 1",
            "summary --model mlp --block skip|unknown block kind 'skip'",
            "summary --model mlp --init glorious|unknown init 'glorious'",
            "summary --model mlp --activation softplus|unknown activation 'softplus'",
            "summary --model resnet7|unknown --model 'resnet7'",
            "summary --model seed --depth 4|--depth applies to --model mlp, resnet or transformer only, not seed",
            "summary --depth four|'four' is not an int",
            "summary --colour red|Unknown options: '--colour'",
            "summary --model resnet --depth 21|--depth 21 for --model resnet: must be 6n+2 (8, 14, 20, ",
            "summary --model transformer --heads 3 --width 128|--heads 3 must divide --width 128",
            "summary --model transformer --variant sideways|unknown --variant 'sideways'",
            "summary --model transformer --block plain --variant post-ln|--block plain is the no-skip variant, but --variant is post-ln",
            "summary --model resnet --shortcut c|unknown --shortcut 'c'",
            "summary --model resnet50 --width 32|--width applies to --model mlp, resnet or transformer only, not resnet50",
            "summary --model gpt2-small --heads 4|--heads applies to --model transformer only, not gpt2-small",
            "summary --model mlp --shortcut b|--shortcut applies to --model resnet only, not mlp",
            "summary --model resnet --activation tanh|--activation applies to --model mlp only, not resnet",
            "gradcheck --group layers|no check matches --group layers",
            "train|Unmatched argument at index 0: 'train'",
            "|missing command"})
    void wrongArgumentsPrintTheProblemAndUsageAndExitTwo(String spec) {
        String[] parts = spec.split("\\|");
        String[] args = parts[0].isBlank() ? new String[0] : parts[0].trim().split(" ");
        Run r = run(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(parts[1]), "stderr should name the problem '" + parts[1] + "':\n" + r.err());
        assertTrue(r.err().contains("Usage: residual-lab"), "stderr should show usage:\n" + r.err());
    }

    /** The presets' parameter counts are torchvision's and GPT-2's; built shapes-only, none of them allocates its weights. */
    @ParameterizedTest
    @ValueSource(strings = {
            "resnet18|Trainable params: 11,689,512",
            "resnet34|Trainable params: 21,797,672",
            "resnet50|Trainable params: 25,557,032",
            "resnet101|Trainable params: 44,549,160",
            "resnet152|Trainable params: 60,192,808",
            "gpt2-small|Total params: 124,439,808"})
    void summaryOfAPresetPrintsItsPublishedParameterCount(String spec) {
        String[] parts = spec.split("\\|");
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        Run r = run("summary", "--model", parts[0]);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Model: \"" + parts[0] + "\""), r.out());
        assertTrue(r.out().contains(parts[1]), r.out());
        assertTrue(rt.totalMemory() - rt.freeMemory() - before < 200_000_000, "shapes only: GPT-2 small's float weights alone would be 498 MB");
    }

    @Test
    void summaryOfACifarResNetAndItsPlainTwinHaveTheSameCountWithOptionA() {
        Run residual = run("summary", "--model", "resnet", "--depth", "20");
        Run plain = run("summary", "--model", "resnet", "--depth", "20", "--block", "plain");
        assertEquals(0, residual.code(), residual.err());
        assertTrue(residual.out().contains("Model: \"resnet20\"") && residual.out().contains("(PadShortcut)"), residual.out());
        assertTrue(plain.out().contains("Model: \"plain20\"") && !plain.out().contains("(Add)"), plain.out());
        String count = "Trainable params: 269,722";   // He et al.'s 0.27 M: 3×32×32 inputs, width 16, 10 classes
        assertTrue(residual.out().contains(count) && plain.out().contains(count), residual.out());
        Run b = run("summary", "--model", "resnet", "--depth", "20", "--shortcut", "b");
        assertFalse(b.out().contains(count), "option B's projections add parameters");
    }

    @Test
    void summaryOfATransformerFollowsItsSizesAndVariant() {
        Run r = run("summary", "--model", "transformer", "--depth", "2", "--width", "32", "--heads", "4", "--context", "16", "--vocab", "11",
                "--variant", "rezero");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Model: \"transformer-rezero\""), r.out());
        assertTrue(r.out().contains("(None, 16, 11)"), "logits for each of 16 positions over 11 tokens:\n" + r.out());
        Run plain = run("summary", "--model", "transformer", "--block", "plain", "--depth", "1");
        assertTrue(plain.out().contains("Model: \"transformer-no-skip\"") && !plain.out().contains("(Add)"), plain.out());
    }

    @Test
    void gradcheckPrintsOneLinePerItemAndExitsZeroWhenAllPass() {
        Run r = run("gradcheck", "--group", "loss");
        assertEquals(0, r.code(), r.out() + r.err());
        long ok = r.out().lines().filter(l -> l.startsWith("ok ")).count();
        assertEquals(GradCheckSuite.losses().size(), ok, r.out());
        assertTrue(r.out().contains(GradCheckSuite.losses().size() + " checks, " + GradCheckSuite.losses().size() + " passed, 0 failed"), r.out());
    }

    @Test
    void gradcheckVerbosePrintsEveryGradientOfTheChosenItems() {
        Run r = run("gradcheck", "--only", "Dense", "--group", "layer", "-v");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("dX (6, 5)") && r.out().contains("W (5, 4)") && r.out().contains("b (1, 4)"), r.out());
    }

    @Test
    void gradcheckExitsOneAndShowsTheBadGradientWhenAnItemFails() {
        Layer wrong = new Layer("doubled") { // a sigmoid whose backward returns twice the true gradient
            private final Sigmoid s = new Sigmoid();

            @Override
            protected INDArray doForward(INDArray x) { return s.forward(x); }

            @Override
            protected INDArray doBackward(INDArray dOut) { return s.backward(dOut).mul(2); }

            @Override
            public int outputWidth(int in) { return in; }
        };
        List<GradCheckSuite.Item> items = List.of(
                new GradCheckSuite.Item("layer", "Sigmoid", () -> GradCheck.layer(new Sigmoid()).run()),
                new GradCheckSuite.Item("layer", "doubled Sigmoid", () -> GradCheck.layer(wrong).name("doubled Sigmoid").run()));
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new GradCheckCommand(() -> items));
        cl.setOut(new PrintWriter(out));
        int code = cl.execute();
        assertEquals(1, code, out.toString());
        assertTrue(out.toString().contains("FAIL") && out.toString().contains("doubled Sigmoid"), out.toString());
        assertTrue(out.toString().contains("2 checks, 1 passed, 1 failed"), out.toString());
    }

    @Test
    void helpListsTheCommandsAndExitsZero() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("summary") && r.out().contains("gradcheck"), r.out());
    }
}
