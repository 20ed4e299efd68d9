package org.residuallab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.residuallab.data.Split;
import org.residuallab.notebook.TrainingProgress;
import org.residuallab.train.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What probe, compare, sweep and lesion share: check every argument and load the data before touching
 * the output folder, check the folder is writable before any training, train with progress lines on stderr,
 * write the outputs atomically, and on Ctrl-C write what was done so far.
 * Exit codes: 0 done, 1 an output could not be written, 2 wrong arguments or unwritable --out, 130 interrupted.
 */
abstract class ExperimentCommand implements Callable<Integer> {
    static final int INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    @Mixin
    ExperimentOptions options;

    Split data;
    boolean interrupted;

    /** Checks this command's arguments and prepares its work; throws ParameterException or IllegalArgumentException (exit 2). */
    abstract void prepare(CommandLine cmd);

    /** The index.html title. */
    abstract String title();

    /** Runs the experiment, writing charts and tables into {@code out}; returns the summary.json content besides the files. */
    abstract Map<String, Object> execute(Outputs out, TrainingListener progress);

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        options.choice(cmd);   // --model and its options, before loading any data
        try {
            data = options.split();
        } catch (UncheckedIOException e) {
            throw new CommandLine.ParameterException(cmd, "--data: " + e.getMessage());
        }
        prepare(cmd);
        Outputs out;
        try {
            out = new Outputs(options.out, title());
        } catch (UncheckedIOException e) {
            throw new CommandLine.ParameterException(cmd, "--out: " + e.getMessage());
        }
        PrintWriter err = cmd.getErr();
        try (GracefulStop stop = new GracefulStop()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", spec.name());
            summary.put("options", options.describe());
            summary.putAll(execute(out, TrainingProgress.console(err, 2.0)));   // a line every 2 s per model, then its summary
            interrupted |= stop.stopping() | Thread.interrupted();
            summary.put("interrupted", interrupted);
            if (interrupted) out.report.note("Interrupted: these results cover only the part of the run that finished.");
            out.finish(summary);
        } catch (UncheckedIOException e) {
            err.println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
            err.flush();
            return 1;
        }
        cmd.getOut().println("wrote " + out.files().size() + " files to " + out.dir + " (open index.html)");
        cmd.getOut().flush();
        return interrupted ? INTERRUPTED : 0;
    }
}
