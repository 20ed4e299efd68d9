package org.residuallab.viz;

import java.awt.Color;
import java.util.Locale;
import java.util.Optional;
import org.residuallab.nn.BlockKind;

/**
 * The colour-blind-safe palette of every chart (Okabe &amp; Ito 2008): plain nets are always vermillion,
 * residual nets always blue, other series take the remaining Okabe–Ito colours in order; heat maps use
 * the viridis ramp.
 * <pre>Color c = Palette.colorOf("plain-sigmoid-d20");   // == Palette.PLAIN</pre>
 */
public final class Palette {
    private Palette() {}

    public static final Color BLACK = new Color(0x000000);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    public static final Color BLUISH_GREEN = new Color(0x009E73);
    public static final Color YELLOW = new Color(0xF0E442);
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color REDDISH_PURPLE = new Color(0xCC79A7);

    /** The colour of every plain (no skip connection) model, in every chart. */
    public static final Color PLAIN = VERMILLION;
    /** The colour of every residual model, in every chart. */
    public static final Color RESIDUAL = BLUE;

    /** Colours for series that are neither plain nor residual, in the order they are handed out. */
    static final Color[] OTHERS = {ORANGE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, BLACK, YELLOW};

    /** Viridis, sampled at 9 stops: perceptually uniform and readable with colour-vision deficiency. */
    static final Color[] VIRIDIS = {
        new Color(0x440154), new Color(0x472D7B), new Color(0x3B528B), new Color(0x2C728E), new Color(0x21918C),
        new Color(0x28AE80), new Color(0x5EC962), new Color(0xADDC30), new Color(0xFDE725)};

    /** The colour of a block kind: {@link #PLAIN} or {@link #RESIDUAL}. */
    public static Color of(BlockKind kind) {
        return kind == BlockKind.PLAIN ? PLAIN : RESIDUAL;
    }

    /**
     * The block kind a model's name announces: a name token {@code plain} means plain; {@code residual},
     * {@code resid}, {@code res} or {@code resnet} means residual ("plain-sigmoid-d20", "residual_20",
     * "ResNet-56"). Empty when the name says neither or both.
     */
    public static Optional<BlockKind> kindOf(String modelName) {
        if (modelName == null) return Optional.empty();
        boolean plain = false, residual = false;
        for (String t : modelName.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (t.equals("plain")) plain = true;
            if (t.equals("residual") || t.equals("resid") || t.equals("res") || t.equals("resnet")) residual = true;
        }
        if (plain == residual) return Optional.empty();
        return Optional.of(plain ? BlockKind.PLAIN : BlockKind.RESIDUAL);
    }

    /** The colour a model gets from its name alone; {@code null} when the name says neither kind. */
    public static Color colorOf(String modelName) {
        return kindOf(modelName).map(Palette::of).orElse(null);
    }

    /** The {@code i}-th colour for series that are neither plain nor residual (cycles). */
    public static Color other(int i) {
        return OTHERS[Math.floorMod(i, OTHERS.length)];
    }

    /** {@code c} mixed towards white by {@code t} in [0, 1] (0 = {@code c}, 1 = white). */
    public static Color lighter(Color c, double t) {
        double k = Math.max(0, Math.min(1, t));
        return new Color(mix(c.getRed(), 255, k), mix(c.getGreen(), 255, k), mix(c.getBlue(), 255, k));
    }

    /** {@code c} mixed towards black by {@code t} in [0, 1]. */
    public static Color darker(Color c, double t) {
        double k = Math.max(0, Math.min(1, t));
        return new Color(mix(c.getRed(), 0, k), mix(c.getGreen(), 0, k), mix(c.getBlue(), 0, k));
    }

    /** The viridis colour at {@code t} in [0, 1]. */
    public static Color viridis(double t) {
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        double f = x - i;
        Color a = VIRIDIS[i], b = VIRIDIS[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }
}
