package org.residuallab.diagnose;

/**
 * One rule of thumb applied to one layer (or to the whole run): the measured value, the verdict
 * ({@code ok}, {@code low} or {@code high}), where the rule comes from, and what to try when it fails.
 *
 * @param model   the model's name
 * @param rule    loss_trend, update_ratio, activation_std, saturation or gradient_spread (see {@link RulesOfThumb})
 * @param layer   the parameter or layer path the value is about ("" for the whole run)
 * @param value   the measured number the verdict is based on
 * @param verdict ok, low or high
 * @param source  who suggests the rule (DL4J, Karpathy) and whose threshold it is
 * @param advice  what the verdict suggests ("" when ok)
 */
public record Finding(String model, String rule, String layer, double value, String verdict, String source, String advice) {
    public static final String OK = "ok", LOW = "low", HIGH = "high";

    public boolean ok() {
        return OK.equals(verdict);
    }
}
