package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
