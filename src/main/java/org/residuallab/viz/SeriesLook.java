package org.residuallab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.series.AxesChartSeries;
import org.knowm.xchart.internal.series.MarkerSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.residuallab.nn.BlockKind;

/**
 * How one model's series looks: its colour (fixed by block kind), line dash and marker. Two models of
 * the same kind in one chart keep the kind's colour and differ by dash and marker.
 */
final class SeriesLook {
    private static final float W = 2.2f;
    private static final BasicStroke[] DASHES = {
        new BasicStroke(W, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND),
        new BasicStroke(W, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 5f}, 0f),
        new BasicStroke(W, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1.5f, 4.5f}, 0f),
        new BasicStroke(W, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {10f, 4f, 2f, 4f}, 0f)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS};

    final Color color;
    final BasicStroke stroke;
    final Marker marker;

    private SeriesLook(Color color, BasicStroke stroke, Marker marker) {
        this.color = color;
        this.stroke = stroke;
        this.marker = marker;
    }

    /**
     * Looks for the named series, in order. A name's kind comes from {@code kinds} when given there,
     * else from the name ({@link Palette#kindOf}); unknown kinds take the other palette colours.
     */
    static Map<String, SeriesLook> assign(List<String> names, Map<String, BlockKind> kinds) {
        Map<String, SeriesLook> out = new LinkedHashMap<>();
        Map<Object, Integer> seen = new HashMap<>();
        int others = 0;
        for (String name : names) {
            BlockKind k = kinds.containsKey(name) ? kinds.get(name) : Palette.kindOf(name).orElse(null);
            Color c;
            Object group;
            if (k != null) {
                c = Palette.of(k);
                group = k;
            } else {
                c = Palette.other(others++);
                group = c;
            }
            int n = seen.merge(group, 1, Integer::sum) - 1;
            out.put(name, new SeriesLook(c, DASHES[n % DASHES.length], MARKERS[n % MARKERS.length]));
        }
        return out;
    }

    static Map<String, SeriesLook> assign(List<String> names) {
        return assign(names, Map.of());
    }

    /** Applies colour, dash and (when {@code markers}) marker to an XChart series. */
    void apply(AxesChartSeries s, boolean markers) {
        s.setLineColor(color);
        s.setLineStyle(stroke);
        s.setFillColor(color);
        if (s instanceof MarkerSeries) {
            MarkerSeries m = (MarkerSeries) s;
            m.setMarkerColor(color);
            m.setMarker(markers ? marker : SeriesMarkers.NONE);
        }
    }

    static List<String> names(Map<String, ?> m) {
        return new ArrayList<>(m.keySet());
    }

    /**
     * The colour of layer {@code i} of {@code n} (input side first): shades of the model's kind colour,
     * dark at the input and light at the output; viridis when the kind is unknown ({@code base} null).
     */
    static Color layerShade(Color base, int i, int n) {
        double t = n <= 1 ? 0 : (double) i / (n - 1);
        if (base == null) return Palette.viridis(0.9 * t);
        return t < 0.5 ? Palette.darker(base, 0.55 * (1 - 2 * t)) : Palette.lighter(base, 0.6 * (2 * t - 1));
    }

    /** Whether layer {@code i} of {@code n} appears in the legend: all when few, else about six spread evenly. */
    static boolean inLegend(int i, int n) {
        if (n <= 8) return true;
        int step = (int) Math.ceil((n - 1) / 5.0);
        return i == n - 1 || (i % step == 0 && n - 1 - i >= step / 2);
    }

    static final BasicStroke REFERENCE = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f);
    static final BasicStroke THIN = new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
}
