package org.residuallab.cli;

import java.util.Map;
import org.residuallab.train.TrainingListener;
import picocli.CommandLine.Command;

/** {@code residual-lab compare}: trains a plain net and its residual twin side by side under identical conditions. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Train plain and residual nets of one recipe on the same data and batches, with every probe attached.",
        "Writes charts (PNG, SVG), tables (CSV), summary.json and index.html into --out."})
final class CompareCommand extends TrainedCommand {

    @Override
    Map<String, Object> execute(Outputs out, TrainingListener progress) {
        return CompareReport.write(train(progress), out, data.train());
    }
}
