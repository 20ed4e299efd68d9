package org.residuallab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes NumPy's {@code .npy} format (version 1.0): a short text header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} then the raw little-endian data.
 * Writes float32, float64, int32 and int64 in C order; reads those in C or Fortran order.
 * <pre>Npy.write(w, Path.of("W.npy"));      // np.load("W.npy")
 * INDArray w = Npy.read(Path.of("W.npy"));</pre>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Writes {@code a} (any rank, float32/float64/int32/int64) to {@code file}. */
    public static void write(INDArray a, Path file) {
        String descr = descr(a.dataType());
        long[] shape = a.shape();
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((MAGIC.length + 4 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        INDArray c = a.dup('c');
        int width = Integer.parseInt(descr.substring(2));
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + (int) (c.length() * width)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.toString().getBytes(StandardCharsets.US_ASCII));
        switch (descr) {
            case "<f4": for (float v : c.data().asFloat()) buf.putFloat(v); break;
            case "<f8": for (double v : c.data().asDouble()) buf.putDouble(v); break;
            case "<i4": for (int v : c.data().asInt()) buf.putInt(v); break;
            default: for (long v : c.data().asLong()) buf.putLong(v);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a {@code .npy} file; the array keeps the file's type (float32, float64, int32 or int64). */
    public static INDArray read(Path file) {
        byte[] bytes;
        try {
            if (Files.isRegularFile(file)) {
                org.residuallab.nn.MemoryGuard.require(org.residuallab.nn.MemoryGuard.Where.HEAP, file.toString(), 2.0 * Files.size(file),
                        "the file's bytes and their values", "Use a smaller file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("missing file " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IllegalArgumentException(file + " is not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = bytes[6];
        if (major < 1 || major > 3) throw new IllegalArgumentException(file + ": .npy format version " + major + " (expected 1, 2 or 3)");
        buf.position(8);
        if (major > 1 && bytes.length < 12) throw new IllegalArgumentException(file + " is truncated: it ends inside the .npy header");
        long headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : Integer.toUnsignedLong(buf.getInt());
        if (headerLen > buf.remaining()) {
            throw new IllegalArgumentException(file + " is truncated: its .npy header declares " + headerLen + " bytes but the file has " + buf.remaining() + " after it");
        }
        String header = new String(bytes, buf.position(), (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        buf.position(buf.position() + (int) headerLen);
        String descr = group(DESCR, header, file, "descr");
        boolean fortran = group(FORTRAN, header, file, "fortran_order").equals("True");
        String dims = group(SHAPE, header, file, "shape").trim();
        long[] shape = shape(dims, file);
        if (!descr.matches("<[fi][48]")) {
            throw new IllegalArgumentException(file + " holds dtype '" + descr + "'; residual-lab reads little-endian float32, float64, int32 or int64 (<f4, <f8, <i4, <i8)");
        }
        int width = Character.digit(descr.charAt(2), 10);
        double declared = 1;   // checked against the file's size before anything is allocated (a double: no overflow)
        for (long d : shape) declared *= d;
        if (buf.remaining() < declared * width) {
            throw new IllegalArgumentException(file + " is truncated: shape " + Arrays.toString(shape) + " needs " + String.format(java.util.Locale.ROOT, "%.0f", declared * width)
                    + " bytes of data but the file has " + buf.remaining());
        }
        int n = (int) declared;
        int[] order = fortran ? fortranToC(shape) : null;
        INDArray flat;
        switch (descr.substring(1)) {
            case "f4": { float[] v = new float[n]; for (int i = 0; i < n; i++) v[at(order, i)] = buf.getFloat(); flat = Nd4j.createFromArray(v); break; }
            case "f8": { double[] v = new double[n]; for (int i = 0; i < n; i++) v[at(order, i)] = buf.getDouble(); flat = Nd4j.createFromArray(v); break; }
            case "i4": { int[] v = new int[n]; for (int i = 0; i < n; i++) v[at(order, i)] = buf.getInt(); flat = Nd4j.createFromArray(v); break; }
            default: { long[] v = new long[n]; for (int i = 0; i < n; i++) v[at(order, i)] = buf.getLong(); flat = Nd4j.createFromArray(v); }
        }
        return shape.length == 0 ? flat.reshape() : flat.reshape('c', shape);
    }

    // "3, 4" or "5," or "" -> the dimensions; anything else is an error naming the file
    private static long[] shape(String dims, Path file) {
        if (dims.isEmpty()) return new long[0];
        String[] parts = dims.split(",", -1);
        long[] shape = new long[parts.length];
        int k = 0;
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].trim();
            if (s.isEmpty() && i == parts.length - 1 && i > 0) break;   // the trailing comma of a 1-D shape "(5,)"
            try {
                shape[k] = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": the .npy header's shape (" + dims + ") has '" + s + "', not a whole number");
            }
            if (shape[k] < 0) throw new IllegalArgumentException(file + ": the .npy header's shape (" + dims + ") has a negative dimension");
            k++;
        }
        return Arrays.copyOf(shape, k);
    }

    private static int at(int[] order, int i) {
        return order == null ? i : order[i];
    }

    /** For each position in Fortran order, the position of the same element in C order. */
    private static int[] fortranToC(long[] shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        int[] map = new int[n];
        long[] idx = new long[shape.length];
        for (int f = 0; f < n; f++) {
            long c = 0;
            for (int k = 0; k < shape.length; k++) c = c * shape[k] + idx[k];
            map[f] = (int) c;
            for (int k = 0; k < shape.length && ++idx[k] == shape[k]; k++) idx[k] = 0; // first index fastest
        }
        return map;
    }

    private static String group(Pattern p, String header, Path file, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IllegalArgumentException(file + ": the .npy header has no '" + key + "': " + header.trim());
        return m.group(1);
    }

    private static String descr(DataType t) {
        switch (t) {
            case FLOAT: return "<f4";
            case DOUBLE: return "<f8";
            case INT: return "<i4";
            case LONG: return "<i8";
            default: throw new IllegalArgumentException("cannot write a " + t + " array as .npy: use FLOAT, DOUBLE, INT or LONG");
        }
    }
}
