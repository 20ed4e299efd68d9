package org.residuallab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code residual-lab} command line. To add a command, write a picocli {@code @Command} class in
 * this package and list it in {@code subcommands} below: that is the only place commands are registered,
 * except {@code bench}, which is not in the library jar and is found on the class path ({@link #benchCommand}).
 * <pre>residual-lab summary --model mlp --depth 20 --width 64 --block plain
 * residual-lab gradcheck
 * residual-lab compare --depth 20 --activation sigmoid --out out/compare</pre>
 * Exit codes: 0 success, 1 a check failed, 2 wrong arguments (usage is printed).
 */
@Command(name = "residual-lab", mixinStandardHelpOptions = true, version = "residual-lab 0.1.0",
        description = "Learn why residual connections work, by experiment.",
        subcommands = {
                SummaryCommand.class,
                GradCheckCommand.class,
                ProbeCommand.class,
                CompareCommand.class,
                SweepCommand.class,
                LesionCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    /** Exit code for wrong arguments. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** A configured command line: wrong arguments, and invalid values the library rejects, print the problem and usage and exit 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(benchCommand(BENCH));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(cmd.getColorScheme().errorText(e.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.usage(cmd.getErr(), cmd.getColorScheme());
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            org.residuallab.nn.MemoryLimitException memory = org.residuallab.nn.MemoryGuard.translate(e, "this run", "Make --width, --depth or --batch smaller");
            if (memory != null) {   // too big for this process: the estimate, the limit and what to change, no usage
                cmd.getErr().println(cmd.getColorScheme().errorText("error: " + memory.getMessage()));
                return USAGE;
            }
            if (!(e instanceof IllegalArgumentException)) throw e;
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
            cmd.usage(cmd.getErr(), cmd.getColorScheme());
            return USAGE;
        });
        return cl;
    }

    // the benchmarks are not in the library jar: bin/residual-lab puts target/bench-classes (src/bench/java) on the class path
    static final String BENCH = "org.residuallab.bench.BenchCommand";

    /** The {@code bench} command when its class is on the class path, else one that says how to get it. */
    static Object benchCommand(String className) {
        try {
            return Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            return new Unavailable();
        }
    }

    @Command(name = "bench", description = "Time training steps of benchmark networks (only from a residual-lab checkout).")
    static final class Unavailable implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Unmatched
        java.util.List<String> args;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("residual-lab bench: the benchmarks are not part of the residual-lab jar. In a checkout "
                    + "of residual-lab run bin/residual-lab bench ... (it compiles src/bench/java into target/bench-classes and puts "
                    + "them on the class path).");
            return USAGE;
        }
    }

    /** Runs the command line with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {   // an Error passes picocli's handlers: the same message as the guard's, no stack trace
            cl.getErr().println("error: " + org.residuallab.nn.MemoryGuard.translate(e, "this run", "Make --width, --depth or --batch smaller").getMessage());
            code = USAGE;
        }
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }
}
